package io.seedrpc.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread factory of SeedRPC's own threads: daemon threads, so that a library thread never keeps a JVM
 * alive (the application decides that), with names that say whose they are in a thread dump. Not part of the
 * public API: its package may change without notice.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads named {@code prefix1}, {@code prefix2}, ... */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> newThread(runnable, prefix + counter.incrementAndGet());
    }

    /** Threads that all carry {@code name}: for executors that hold one thread. */
    public static ThreadFactory named(String name) {
        return runnable -> newThread(runnable, name);
    }

    private static Thread newThread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
