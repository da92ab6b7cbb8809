package io.seedrpc.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

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
        return numbered(prefix, Thread::new);
    }

    /**
     * Threads named {@code prefix1}, {@code prefix2}, ..., each made by {@code constructor} from its task and name
     * (for a {@code Thread} subclass, such as the one Netty's event loops want) and made a daemon here.
     */
    public static ThreadFactory numbered(String prefix, BiFunction<Runnable, String, Thread> constructor) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> daemon(constructor.apply(runnable, prefix + counter.incrementAndGet()));
    }

    /** Threads that all carry {@code name}: for executors that hold one thread. */
    public static ThreadFactory named(String name) {
        return runnable -> newThread(runnable, name);
    }

    private static Thread newThread(Runnable runnable, String name) {
        return daemon(new Thread(runnable, name));
    }

    private static Thread daemon(Thread thread) {
        thread.setDaemon(true);
        return thread;
    }
}
