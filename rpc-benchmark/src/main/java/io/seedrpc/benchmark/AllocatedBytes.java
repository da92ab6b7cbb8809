package io.seedrpc.benchmark;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes allocated on the heap by the threads of this JVM, from HotSpot's per-thread counters
 * ({@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long[])}), which the JVM keeps for every thread
 * whether or not anyone reads them: reading them costs one pass over the live threads, nothing on the call path.
 * A reading covers the threads alive when it is taken: a thread started since the snapshot counts everything it
 * allocated; a thread that ended in between loses what it allocated since the snapshot (JDK 17 keeps no total over
 * ended threads), so a framework that churns threads reads a little low.
 */
final class AllocatedBytes {

    private AllocatedBytes() {
    }

    /** Each live thread's counter at one moment, by thread id (never reused within a JVM); null if not counted. */
    record Snapshot(Map<Long, Long> byThread) {
    }

    /** The counters now. */
    static Snapshot take() {
        com.sun.management.ThreadMXBean threads = counters();
        if (threads == null) {
            return new Snapshot(null);
        }
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> byThread = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {   // -1: the thread ended between the two calls
                byThread.put(ids[i], bytes[i]);
            }
        }
        return new Snapshot(byThread);
    }

    /** Bytes allocated since {@code start} by the threads alive now; -1 when this JVM does not count them. */
    static long since(Snapshot start) {
        Snapshot now = take();
        if (start.byThread() == null || now.byThread() == null) {
            return -1;
        }
        long total = 0;
        for (Map.Entry<Long, Long> thread : now.byThread().entrySet()) {
            total += thread.getValue() - start.byThread().getOrDefault(thread.getKey(), 0L);
        }
        return total;
    }

    private static com.sun.management.ThreadMXBean counters() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            return threads;
        }
        return null;
    }
}
