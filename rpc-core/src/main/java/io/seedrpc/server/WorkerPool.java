package io.seedrpc.server;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the bounded executor service methods run on. */
final class WorkerPool {

    private WorkerPool() {
    }

    /**
     * Up to {@code threads} threads (idle ones end after a minute) and at most {@code queueCapacity} waiting
     * calls; past that {@code execute} throws {@link java.util.concurrent.RejectedExecutionException}, which the
     * dispatcher turns into a "server busy" answer instead of letting a queue grow without bound.
     */
    static ThreadPoolExecutor create(String name, int threads, int queueCapacity) {
        // LinkedBlockingQueue takes and puts under separate locks: the I/O threads offering calls do not contend
        // with the workers taking them.
        BlockingQueue<Runnable> queue = queueCapacity == 0 ? new SynchronousQueue<>()
                : new LinkedBlockingQueue<>(queueCapacity);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, queue,
                namedDaemonThreads(WorkerPools.DEFAULT.equals(name) ? "seedrpc-worker-" : "seedrpc-worker-" + name + "-"), new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    static ThreadFactory namedDaemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
