package io.seedrpc.server;

import io.seedrpc.internal.DaemonThreads;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Builds the bounded executor service methods run on. */
final class WorkerPool {

    private WorkerPool() {
    }

    /**
     * Up to {@code threads} threads (idle ones end after a minute). The bound of {@code threads + queueCapacity}
     * calls is kept by the caller ({@link WorkerPools}), which may give a running call's place back just before
     * its thread is free; a task that has not started always holds its place, so the queue never needs more
     * room than that bound.
     */
    static ThreadPoolExecutor create(String name, int threads, int queueCapacity) {
        // LinkedBlockingQueue takes and puts under separate locks: the I/O threads offering calls do not contend
        // with the workers taking them.
        BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>(threads + queueCapacity);
        String prefix = WorkerPools.DEFAULT.equals(name) ? "seedrpc-worker-" : "seedrpc-worker-" + name + "-";
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, queue,
                DaemonThreads.numbered(prefix), new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
