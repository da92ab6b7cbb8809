package io.seedrpc.server;

import io.seedrpc.internal.DaemonThreads;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The worker pool on real threads: calls that block never hold back a queued call while a thread is free, the
 * thread bound and the queue bound hold, the thread parked last is the one woken, idle threads end, a failing task
 * costs no thread, shutdown and shutdownNow keep an executor's meaning, and handing a call over allocates nothing.
 */
@ExtendWith(NoLeakedThreads.class)
class WorkerPoolTest {

    private static final String PREFIX = "seedrpc-worker-test-";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private WorkerPool pool;

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        if (pool != null) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(TimeUnit.SECONDS.toNanos(5))).isTrue();
        }
        // A thread is counted out just before it returns: the next test counts threads by name.
        await().atMost(WAIT).until(() -> poolThreads().isEmpty());
    }

    private WorkerPool pool(int threads, int queueBound, Duration keepAlive) {
        pool = new WorkerPool(DaemonThreads.numbered(PREFIX), threads, queueBound, keepAlive);
        return pool;
    }

    /** A call that blocks until the test releases it. */
    private Runnable blocking() {
        return () -> {
            running.incrementAndGet();
            awaitRelease(release);
            running.decrementAndGet();
            done.incrementAndGet();
        };
    }

    /** Hands {@code workers} {@code calls} blocking calls and waits until {@code runningAtOnce} of them run. */
    private void startBlocking(WorkerPool workers, int calls, int runningAtOnce) {
        for (int i = 0; i < calls; i++) {
            workers.execute(blocking());
        }
        await().atMost(WAIT).until(() -> running.get() == runningAtOnce);
    }

    /** Waits for {@code latch}; returns whether the wait was interrupted (the interrupt is kept). */
    private static boolean awaitRelease(CountDownLatch latch) {
        try {
            latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static List<Thread> poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(PREFIX) && thread.isAlive()).toList();
    }

    private static boolean allParked() {
        return poolThreads().stream().allMatch(thread -> thread.getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void aBurstOfBlockingCallsRunsAllAtOnceWhileThreadsAreFree() {
        WorkerPool workers = pool(8, 8, Duration.ofMinutes(1));
        // Twice: first on threads being started, then on the same threads parked.
        for (int round = 1; round <= 2; round++) {
            CountDownLatch roundRelease = new CountDownLatch(1);
            AtomicInteger inRound = new AtomicInteger();
            for (int i = 0; i < 8; i++) {
                workers.execute(() -> {
                    inRound.incrementAndGet();
                    awaitRelease(roundRelease);
                });
            }
            // None of the eight waits behind a blocked one: each finds a thread of its own.
            await().atMost(WAIT).until(() -> inRound.get() == 8);
            roundRelease.countDown();
            await().atMost(WAIT).until(() -> poolThreads().size() == 8 && allParked());
        }
    }

    @Test
    void aCallQueuedBehindBlockedOnesRunsOnAFreeThread() {
        WorkerPool workers = pool(4, 4, Duration.ofMinutes(1));
        startBlocking(workers, 3, 3);
        CountDownLatch quick = new CountDownLatch(1);
        workers.execute(quick::countDown);
        await().atMost(WAIT).until(() -> quick.getCount() == 0);
        assertThat(running.get()).as("the blocked calls are still blocked").isEqualTo(3);
    }

    @Test
    void neverMoreThreadsThanTheBoundAndQueuedCallsRunAsThreadsFree() {
        WorkerPool workers = pool(3, 10, Duration.ofMinutes(1));
        startBlocking(workers, 10, 3);
        assertThat(poolThreads()).hasSize(3);
        release.countDown();
        await().atMost(WAIT).until(() -> done.get() == 10);
        assertThat(poolThreads()).hasSize(3);
    }

    @Test
    void aTaskPastTheQueueBoundIsRefused() {
        WorkerPool workers = pool(1, 2, Duration.ofMinutes(1));
        startBlocking(workers, 1, 1);
        workers.execute(blocking());
        workers.execute(blocking());
        assertThatThrownBy(() -> workers.execute(blocking())).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("2 calls, its bound");
        release.countDown();
        await().atMost(WAIT).until(() -> done.get() == 3);
    }

    @Test
    void theThreadParkedLastIsTheOneWoken() {
        WorkerPool workers = pool(3, 3, Duration.ofMinutes(1));
        startBlocking(workers, 3, 3);
        release.countDown();
        await().atMost(WAIT).until(() -> done.get() == 3 && allParked());
        // One call at a time, each after the thread that ran the one before has parked again: a pool that wakes the
        // longest-parked thread first would go round all three.
        Set<String> ranOn = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 20; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            workers.execute(() -> {
                ranOn.add(Thread.currentThread().getName());
                ran.countDown();
            });
            await().atMost(WAIT).until(() -> ran.getCount() == 0 && allParked());
        }
        assertThat(ranOn).hasSize(1);
    }

    @Test
    void idleThreadsEndAfterTheKeepAlive() {
        WorkerPool workers = pool(2, 2, Duration.ofMillis(200));
        startBlocking(workers, 2, 2);
        release.countDown();
        await().atMost(WAIT).until(() -> poolThreads().isEmpty());
        // And a call after that starts a thread again.
        CountDownLatch ran = new CountDownLatch(1);
        workers.execute(ran::countDown);
        await().atMost(WAIT).until(() -> ran.getCount() == 0);
    }

    @Test
    void aFailingTaskDoesNotStopTheThreadOrThePool() {
        WorkerPool workers = pool(1, 2, Duration.ofMinutes(1));
        workers.execute(() -> {
            throw new IllegalStateException("a task failing on purpose");
        });
        CountDownLatch ran = new CountDownLatch(1);
        workers.execute(ran::countDown);
        await().atMost(WAIT).until(() -> ran.getCount() == 0);
        assertThat(poolThreads()).hasSize(1);
    }

    @Test
    void shutdownRunsWhatIsQueuedRefusesNewCallsAndEndsTheThreads() throws InterruptedException {
        WorkerPool workers = pool(1, 3, Duration.ofMinutes(1));
        startBlocking(workers, 1, 1);
        workers.execute(blocking());
        workers.execute(blocking());
        workers.shutdown();
        assertThatThrownBy(() -> workers.execute(blocking())).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shut down");
        assertThat(workers.awaitTermination(TimeUnit.MILLISECONDS.toNanos(100))).isFalse();
        release.countDown();
        assertThat(workers.awaitTermination(WAIT.toNanos())).isTrue();
        assertThat(done.get()).isEqualTo(3);
        assertThat(poolThreads()).isEmpty();
    }

    @Test
    void shutdownNowInterruptsRunningCallsAndDropsQueuedOnes() throws InterruptedException {
        WorkerPool workers = pool(2, 4, Duration.ofMinutes(1));
        AtomicInteger interrupted = new AtomicInteger();
        for (int i = 0; i < 2; i++) {
            workers.execute(() -> {
                running.incrementAndGet();
                if (awaitRelease(release)) {
                    interrupted.incrementAndGet();
                }
            });
        }
        await().atMost(WAIT).until(() -> running.get() == 2);
        workers.execute(blocking());
        workers.shutdownNow();
        assertThat(workers.awaitTermination(WAIT.toNanos())).isTrue();
        assertThat(interrupted.get()).isEqualTo(2);
        assertThat(done.get()).as("the queued call was dropped").isZero();
    }

    @Test
    void awaitTerminationWaitsForAShutdown() throws InterruptedException {
        WorkerPool workers = pool(1, 1, Duration.ofMinutes(1));
        assertThat(workers.awaitTermination(TimeUnit.MILLISECONDS.toNanos(50))).isFalse();
        workers.shutdown();
        assertThat(workers.awaitTermination(WAIT.toNanos())).isTrue();
    }

    @Test
    void handingACallOverAllocatesNothing() {
        WorkerPool workers = pool(1, 1, Duration.ofMinutes(1));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicInteger ran = new AtomicInteger();
        Runnable task = ran::incrementAndGet;
        long self = Thread.currentThread().getId();
        long before = 0;
        int calls = 20_000;
        // The first half warms up (the thread is made, the code compiled); the second is measured.
        for (int i = 0; i < 2 * calls; i++) {
            if (i == calls) {
                before = threads.getThreadAllocatedBytes(self);
            }
            workers.execute(task);
            // One call at a time, so that the queue stays within its bound of one.
            while (ran.get() <= i) {
                Thread.onSpinWait();
            }
        }
        long allocated = threads.getThreadAllocatedBytes(self) - before;
        assertThat(allocated).as("bytes the caller allocated handing %s calls over", calls).isLessThan(calls);
    }
}
