package io.seedrpc.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The platform threads service methods run on: up to {@code maxThreads}, started when a call finds none to take
 * it, each ending after {@code keepAlive} without a call; calls wait in a queue of at most {@code queueBound}.
 * Built to cost little per call, which a {@code ThreadPoolExecutor} over a linked queue did not:
 * <ul>
 *   <li>A call wakes a parked thread only when no thread is already <em>searching</em> — awake and about to look at
 *       the queue: one just woken, or one that has just finished a call. The thread that takes a call wakes the
 *       next only if calls are still queued and no one else is searching. A burst of calls wakes threads one at a
 *       time as the queue needs them, not one per call; yet a queued call never waits behind a running one (which
 *       may block for as long as it likes) while a thread is parked.</li>
 *   <li>The thread parked last is woken first: its stack and caches are warm, and the threads a load does not
 *       need stay parked until their keep-alive ends them.</li>
 *   <li>Nothing is allocated per call: the queue is an array that grows to its high-water mark once, parked
 *       threads wait in an array stack, and a wake-up is {@link LockSupport#unpark}.</li>
 * </ul>
 * The bound on calls is kept by the caller, which never has more than {@code queueBound} tasks waiting to start;
 * a task beyond it is refused as a safeguard. {@link #shutdown}, {@link #shutdownNow} and
 * {@link #awaitTermination} mean what they mean for an {@code ExecutorService}. Thread-safe.
 */
final class WorkerPool {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    private final ThreadFactory threadFactory;
    private final int maxThreads;
    private final int queueBound;
    private final long keepAliveNanos;

    /** Guards every field below, and is waited on by {@link #awaitTermination}. */
    private final Object lock = new Object();
    private final ArrayDeque<Runnable> queue;
    /** Parked threads, the one parked last on top. */
    private final ArrayDeque<Worker> parked;
    private final Set<Worker> threads = new HashSet<>();
    /** Threads awake and not running a call: each looks at the queue before it parks again. */
    private int searching;
    private boolean shutDown;
    /** {@link #shutdownNow} was called: queued calls are dropped and running ones interrupted. */
    private volatile boolean stopping;

    WorkerPool(ThreadFactory threadFactory, int maxThreads, int queueBound, Duration keepAlive) {
        this.threadFactory = threadFactory;
        this.maxThreads = maxThreads;
        this.queueBound = queueBound;
        this.keepAliveNanos = keepAlive.toNanos();
        this.queue = new ArrayDeque<>(Math.min(queueBound, 64));
        this.parked = new ArrayDeque<>(Math.min(maxThreads, 64));
    }

    /**
     * Queues {@code task} and wakes or starts a thread for it if none is searching.
     *
     * @throws RejectedExecutionException when the pool is shut down, or (a broken caller) its queue is full
     */
    void execute(Runnable task) {
        Worker woken;
        synchronized (lock) {
            if (shutDown) {
                throw new RejectedExecutionException("the pool is shut down");
            }
            if (queue.size() >= queueBound) {
                throw new RejectedExecutionException("the pool's queue holds " + queueBound + " calls, its bound");
            }
            queue.addLast(task);
            woken = searching == 0 ? wakeLocked() : null;
        }
        wake(woken);
    }

    /**
     * Takes a parked thread, or makes a new one when none is parked and there is room, and counts it as
     * searching; {@code null} when every thread is running a call.
     */
    private Worker wakeLocked() {
        Worker worker = parked.pollFirst();
        if (worker != null) {
            worker.signalled = true;
        } else if (threads.size() < maxThreads) {
            worker = new Worker();
            worker.unstarted = true;
            threads.add(worker);
        } else {
            return null;
        }
        searching++;
        return worker;
    }

    /** Unparks or starts {@code worker}, outside the lock so that the caller's critical section stays short. */
    private void wake(Worker worker) {
        if (worker == null) {
            return;
        }
        if (!worker.unstarted) {
            LockSupport.unpark(worker.thread);
            return;
        }
        worker.unstarted = false;
        try {
            worker.thread.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            // Cannot start a thread (the process is out of them): the calls queued run on the threads there are.
            synchronized (lock) {
                searching--;
                threads.remove(worker);
                lock.notifyAll();
            }
            log.error("Cannot start a worker thread; queued calls wait for a running one", e);
        }
    }

    /** Takes no more calls; those queued and running go on, and then every thread ends. */
    void shutdown() {
        wakeAllParked(false);
    }

    /** Takes no more calls, drops those queued and interrupts those running; every thread then ends. */
    void shutdownNow() {
        wakeAllParked(true);
    }

    private void wakeAllParked(boolean stop) {
        Worker[] woken;
        Thread[] running;
        synchronized (lock) {
            shutDown = true;
            if (stop) {
                stopping = true;
                queue.clear();
            }
            woken = parked.toArray(new Worker[0]);
            parked.clear();
            for (Worker worker : woken) {
                worker.signalled = true;
                searching++;
            }
            running = stop ? threads.stream().map(worker -> worker.thread).toArray(Thread[]::new) : new Thread[0];
            lock.notifyAll();
        }
        for (Worker worker : woken) {
            LockSupport.unpark(worker.thread);
        }
        for (Thread thread : running) {
            thread.interrupt();
        }
    }

    /** Waits up to {@code nanos} for the pool to be shut down with every thread ended; returns whether it was. */
    boolean awaitTermination(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (lock) {
            while (!(shutDown && threads.isEmpty() && queue.isEmpty())) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, remaining);
            }
            return true;
        }
    }

    /**
     * The next call for {@code worker}, which is searching (or starts to, when it {@code finishedOne}): taken from
     * the queue, or waited for while parked; {@code null} when the thread is to end (the pool is shut down and the
     * queue empty, or the keep-alive passed), and then it is no longer counted.
     */
    private Runnable next(Worker worker, boolean finishedOne) {
        long idleSince = 0;
        boolean startsSearching = finishedOne;
        while (true) {
            Runnable task;
            Worker woken = null;
            synchronized (lock) {
                if (startsSearching) {
                    searching++;
                    startsSearching = false;
                }
                task = queue.pollFirst();
                if (task != null) {
                    searching--;
                    if (searching == 0 && !queue.isEmpty()) {
                        woken = wakeLocked();
                    }
                } else if (shutDown) {
                    searching--;
                    ended(worker);
                    return null;
                } else {
                    searching--;
                    parked.addFirst(worker);
                }
            }
            if (task != null) {
                wake(woken);
                return task;
            }
            if (idleSince == 0) {
                idleSince = System.nanoTime();
            }
            if (!park(worker, idleSince)) {
                return null;
            }
        }
    }

    /**
     * Parks {@code worker} until it is signalled (it is then searching again: returns {@code true}) or has been
     * idle since {@code idleSince} for the keep-alive (it then ends: returns {@code false}).
     */
    private boolean park(Worker worker, long idleSince) {
        while (true) {
            LockSupport.parkNanos(this, keepAliveNanos - (System.nanoTime() - idleSince));
            synchronized (lock) {
                if (worker.signalled) {
                    worker.signalled = false;
                    return true;
                }
                if (System.nanoTime() - idleSince >= keepAliveNanos) {
                    parked.remove(worker);
                    ended(worker);
                    return false;
                }
            }
            // Woken without a signal: spuriously, or by an interrupt meant for a call that has ended. A pending
            // interrupt would make every park return at once.
            Thread.interrupted();
        }
    }

    /** {@code worker}'s thread ends; called holding the lock. */
    private void ended(Worker worker) {
        threads.remove(worker);
        if (threads.isEmpty()) {
            lock.notifyAll();
        }
    }

    /** Runs {@code task} the way a pooled thread must: not interrupted unless the pool is stopping, and surviving it. */
    private void runTask(Runnable task) {
        if (stopping) {
            Thread.currentThread().interrupt();
        } else {
            Thread.interrupted();
        }
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            log.warn("A task failed on worker thread {}", Thread.currentThread().getName(), e);
        }
    }

    /** One pooled thread; its fields are guarded by the pool's lock. */
    private final class Worker implements Runnable {

        final Thread thread = threadFactory.newThread(this);
        /** Taken off the parked stack by another thread and counted as searching: it is to look at the queue. */
        boolean signalled;
        /** Made by {@link #wakeLocked} and not yet started; read by the one thread that made it. */
        boolean unstarted;

        @Override
        public void run() {
            // A new thread is counted as searching by whoever made it.
            Runnable task = next(this, false);
            while (task != null) {
                runTask(task);
                task = next(this, true);
            }
        }
    }
}
