package io.seedrpc.server;

import io.seedrpc.internal.DaemonThreads;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
        String prefix = WorkerPools.DEFAULT.equals(name) ? "seedrpc-worker-" : "seedrpc-worker-" + name + "-";
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, queue,
                DaemonThreads.numbered(prefix), new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
