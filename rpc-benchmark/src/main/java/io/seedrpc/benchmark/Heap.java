package io.seedrpc.benchmark;

import java.lang.management.ManagementFactory;

/** Heap in use after a full collection: the live data, which must not grow in a soak. */
final class Heap {

    private Heap() {
    }

    /** Runs {@link System#gc()} (a full, stop-the-world collection with the default collectors) and reads the heap. */
    static long usedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
