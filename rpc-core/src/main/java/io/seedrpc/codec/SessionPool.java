package io.seedrpc.codec;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A lock-free pool of Kryo sessions. Kryo's own thread-safe pool takes a lock on every obtain and free, which
 * every call paid four times (encode and decode on both sides) with I/O and worker threads contending; this one
 * keeps at most {@code retained} idle sessions and creates more when all are busy.
 */
final class SessionPool {

    private final Queue<KryoSession> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final int retained;
    private final Supplier<KryoSession> factory;

    SessionPool(int retained, Supplier<KryoSession> factory) {
        this.retained = retained;
        this.factory = factory;
    }

    KryoSession obtain() {
        KryoSession session = idle.poll();
        if (session == null) {
            return factory.get();
        }
        idleCount.decrementAndGet();
        return session;
    }

    void free(KryoSession session) {
        // The count may run a little over under a race; it only bounds memory, so that is harmless.
        if (idleCount.incrementAndGet() <= retained) {
            idle.offer(session);
        } else {
            idleCount.decrementAndGet();
        }
    }
}
