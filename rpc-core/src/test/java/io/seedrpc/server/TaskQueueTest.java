package io.seedrpc.server;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The worker pool's queue: bounded, first in first out across the growth of its ring, a waiting worker woken by
 * the task it waits for and by an interrupt, every task taken once under concurrent puts and takes, and no
 * allocation per task or per wait (what it replaces {@code LinkedBlockingQueue} for).
 */
class TaskQueueTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void keepsItsTasksInOrderAndRefusesOnePastItsCapacity() {
        TaskQueue queue = new TaskQueue(40);
        List<Runnable> tasks = tasks(40);
        tasks.forEach(task -> assertThat(queue.offer(task)).isTrue());

        assertThat(queue.offer(new Task(40))).as("the 41st task").isFalse();
        assertThat(queue.size()).isEqualTo(40);
        assertThat(queue.remainingCapacity()).isZero();
        assertThat(drain(queue)).containsExactlyElementsOf(tasks);
        assertThat(queue.poll()).isNull();
        assertThat(queue.offer(new Task(41))).as("room again once taken").isTrue();
    }

    @Test
    void keepsTheOrderWhenItsRingGrowsWrappedAround() {
        TaskQueue queue = new TaskQueue(100);
        List<Runnable> tasks = tasks(45);
        // Ten in, seven out: the ring's oldest task now sits in its middle, so the tasks that follow wrap around
        // its end before it has to grow, twice.
        tasks.subList(0, 10).forEach(queue::offer);
        List<Runnable> taken = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            taken.add(queue.poll());
        }
        tasks.subList(10, 45).forEach(task -> assertThat(queue.offer(task)).isTrue());

        taken.addAll(drain(queue));
        assertThat(taken).containsExactlyElementsOf(tasks);
    }

    @Test
    void aTaskPutIntoTheEmptyQueueWakesTheWorkerWaitingForIt() throws Exception {
        TaskQueue queue = new TaskQueue(4);
        Worker<Runnable> taker = Worker.start(queue::take);
        taker.awaitState(Thread.State.TIMED_WAITING);

        Task task = new Task(1);
        queue.offer(task);

        assertThat(taker.outcome()).isSameAs(task);
    }

    @Test
    void aTimedTakeReturnsTheTaskPutWhileItWaitsAndNothingOnceItsTimeIsUp() throws Exception {
        TaskQueue queue = new TaskQueue(4);
        Worker<Runnable> taker = Worker.start(() -> queue.poll(30, TimeUnit.SECONDS));
        taker.awaitState(Thread.State.TIMED_WAITING);
        Task task = new Task(1);
        queue.offer(task);
        assertThat(taker.outcome()).isSameAs(task);

        long start = System.nanoTime();
        assertThat(queue.poll(50, TimeUnit.MILLISECONDS)).isNull();
        assertThat(System.nanoTime() - start).as("waited its time").isGreaterThanOrEqualTo(
                TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void aWaitingWorkerStopsWaitingWhenInterrupted() throws Exception {
        // ThreadPoolExecutor's shutdown interrupts idle workers to end them.
        TaskQueue queue = new TaskQueue(4);
        Worker<Runnable> taker = Worker.start(() -> queue.poll(60, TimeUnit.SECONDS));
        taker.awaitState(Thread.State.TIMED_WAITING);

        taker.thread.interrupt();

        assertThatThrownBy(taker::outcome).hasCauseInstanceOf(InterruptedException.class);
    }

    @Test
    void aPutIntoTheFullQueueWaitsForRoom() throws Exception {
        TaskQueue queue = new TaskQueue(1);
        queue.offer(new Task(0));
        assertThat(queue.offer(new Task(1), 20, TimeUnit.MILLISECONDS)).as("no room within its time").isFalse();
        Task last = new Task(2);
        Worker<Boolean> putter = Worker.start(() -> {
            queue.put(last);
            return true;
        });
        putter.awaitState(Thread.State.TIMED_WAITING);

        queue.poll();

        assertThat(putter.outcome()).isTrue();
        assertThat(queue.poll()).isSameAs(last);
    }

    @Test
    void removingATaskFromTheMiddleKeepsTheOthersInOrder() {
        TaskQueue queue = new TaskQueue(8);
        List<Runnable> tasks = tasks(8);
        // Wrapped around: five in, three out, six more.
        tasks.subList(0, 5).forEach(queue::offer);
        queue.poll();
        queue.poll();
        queue.poll();
        tasks.subList(5, 8).forEach(queue::offer);

        assertThat(queue.remove(tasks.get(5))).isTrue();
        assertThat(queue.remove(tasks.get(0))).as("taken already").isFalse();
        assertThat(queue.remove(new Task(99))).isFalse();

        assertThat(queue.toArray()).containsExactly(tasks.get(3), tasks.get(4), tasks.get(6), tasks.get(7));
        assertThat(queue.offer(tasks.get(0))).isTrue();
        assertThat(drain(queue)).containsExactly(tasks.get(3), tasks.get(4), tasks.get(6), tasks.get(7),
                tasks.get(0));
    }

    @Test
    void drainsAndIteratesOldestFirst() {
        TaskQueue queue = new TaskQueue(10);
        List<Runnable> tasks = tasks(6);
        tasks.forEach(queue::offer);

        Iterator<Runnable> iterator = queue.iterator();
        assertThat(iterator.next()).isSameAs(tasks.get(0));
        iterator.remove();
        assertThat(queue).containsExactlyElementsOf(tasks.subList(1, 6));

        List<Runnable> sink = new ArrayList<>();
        assertThat(queue.drainTo(sink, 2)).isEqualTo(2);
        assertThat(queue.drainTo(sink)).isEqualTo(3);
        assertThat(sink).containsExactlyElementsOf(tasks.subList(1, 6));
        assertThat(queue).isEmpty();
    }

    @Test
    void everyTaskIsTakenOnceUnderConcurrentPutsAndTakes() throws Exception {
        int perProducer = 50_000;
        int producers = 2;
        TaskQueue queue = new TaskQueue(8);
        AtomicIntegerArray takenTimes = new AtomicIntegerArray(producers * perProducer);
        List<Worker<Integer>> work = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int first = p * perProducer;
            work.add(Worker.start(() -> {
                // One producer waits for room, the other retries: both ways of putting into a full queue.
                for (int i = first; i < first + perProducer; i++) {
                    Task task = new Task(i);
                    if (first == 0) {
                        queue.put(task);
                    } else {
                        while (!queue.offer(task)) {
                            Thread.yield();
                        }
                    }
                }
                return perProducer;
            }));
        }
        int consumers = 3;
        for (int c = 0; c < consumers; c++) {
            work.add(Worker.start(() -> {
                int taken = 0;
                Runnable task;
                while ((task = queue.poll(500, TimeUnit.MILLISECONDS)) != null) {
                    takenTimes.incrementAndGet(((Task) task).id);
                    taken++;
                }
                return taken;
            }));
        }

        for (Worker<Integer> worker : work) {
            worker.outcome(Duration.ofSeconds(60));
        }

        for (int i = 0; i < takenTimes.length(); i++) {
            assertThat(takenTimes.get(i)).as("times task %d was taken", i).isEqualTo(1);
        }
        assertThat(queue).isEmpty();
    }

    @Test
    void handingTasksBetweenThreadsAllocatesNothingOnceWarm() throws Exception {
        // Two threads hand a task back and forth through two queues, each waiting for the other every time: a
        // LinkedBlockingQueue allocates a node per task and a condition node per wait, over a megabyte here.
        TaskQueue there = new TaskQueue(4);
        TaskQueue back = new TaskQueue(4);
        Task ball = new Task(0);
        int rounds = 20_000;
        Worker<Long> echo = Worker.start(() -> {
            bounce(there, back, rounds);
            long before = allocatedBytes();
            bounce(there, back, rounds);
            return allocatedBytes() - before;
        });
        serve(there, back, ball, rounds);
        long before = allocatedBytes();
        serve(there, back, ball, rounds);
        long allocated = allocatedBytes() - before;

        long echoed = echo.outcome();
        assertThat(allocated + echoed).as("bytes allocated over %d round trips", rounds).isLessThan(16 * 1024);
    }

    @Test
    void refusesAQueueWithoutRoom() {
        // threads + queueCapacity past Integer.MAX_VALUE wraps negative, which LinkedBlockingQueue refused too.
        assertThatThrownBy(() -> new TaskQueue(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkerPool.create("x", Integer.MAX_VALUE, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPoolOfOneThreadRunsItsQueuedTasksInOrderAndEndsOnShutdown() throws Exception {
        ThreadPoolExecutor pool = WorkerPool.create("task-queue-test", 1, 30);
        List<Integer> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 31; i++) {
            int id = i;
            pool.execute(() -> ran.add(id));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 31).boxed().toList());
    }

    private static void serve(BlockingQueue<Runnable> there, BlockingQueue<Runnable> back, Task ball, int rounds) throws InterruptedException {
        for (int i = 0; i < rounds; i++) {
            there.offer(ball);
            back.take();
        }
    }

    private static void bounce(BlockingQueue<Runnable> there, BlockingQueue<Runnable> back, int rounds) throws InterruptedException {
        for (int i = 0; i < rounds; i++) {
            back.offer(there.take());
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Something a thread of the test's own does, and what came of it. */
    private static final class Worker<T> {

        final Thread thread;
        private final CompletableFuture<T> outcome = new CompletableFuture<>();

        private Worker(Job<T> job) {
            thread = new Thread(() -> {
                try {
                    outcome.complete(job.run());
                } catch (Throwable e) {
                    outcome.completeExceptionally(e);
                }
            }, "task-queue-test");
        }

        static <T> Worker<T> start(Job<T> job) {
            Worker<T> worker = new Worker<>(job);
            worker.thread.start();
            return worker;
        }

        /** Waits until the thread is parked in {@code state}, as it is inside a wait on the queue. */
        void awaitState(Thread.State state) {
            await().atMost(PATIENCE).until(() -> thread.getState() == state);
        }

        T outcome() throws Exception {
            return outcome(PATIENCE);
        }

        T outcome(Duration patience) throws Exception {
            try {
                return outcome.get(patience.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                thread.join(patience.toMillis());
            }
        }
    }

    @FunctionalInterface
    private interface Job<T> {
        T run() throws Exception;
    }

    private static List<Runnable> drain(TaskQueue queue) {
        List<Runnable> taken = new ArrayList<>();
        Runnable task;
        while ((task = queue.poll()) != null) {
            taken.add(task);
        }
        return taken;
    }

    private static List<Runnable> tasks(int count) {
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(new Task(i));
        }
        return tasks;
    }

    /** A task told apart by its id; never run. */
    private record Task(int id) implements Runnable {
        @Override
        public void run() {
            throw new AssertionError("a queued task is not run by the queue");
        }
    }
}
