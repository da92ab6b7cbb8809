package io.seedrpc.codec;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Kryo sessions for the threads that encode and decode. Each thread first reuses a session of its own, which
 * costs no synchronisation at all; a thread that already holds its own (a nested use) or has none yet falls
 * back to a lock-free shared pool of at most {@code retained} idle sessions. Kryo's own thread-safe pool takes a
 * lock on every obtain and free, which every call paid four times.
 */
final class SessionPool {

    private final ThreadLocal<KryoSession> own = new ThreadLocal<>();
    private final Queue<KryoSession> shared = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sharedCount = new AtomicInteger();
    private final int retained;
    private final Supplier<KryoSession> factory;

    SessionPool(int retained, Supplier<KryoSession> factory) {
        this.retained = retained;
        this.factory = factory;
    }

    KryoSession obtain() {
        KryoSession session = own.get();
        if (session == null) {
            session = fromShared();
            own.set(session);
        } else if (session.inUse) {
            session = fromShared();
        }
        session.inUse = true;
        return session;
    }

    void free(KryoSession session) {
        session.inUse = false;
        if (own.get() == session) {
            return;
        }
        // The count may run a little over under a race; it only bounds memory, so that is harmless.
        if (sharedCount.incrementAndGet() <= retained) {
            shared.offer(session);
        } else {
            sharedCount.decrementAndGet();
        }
    }

    private KryoSession fromShared() {
        KryoSession session = shared.poll();
        if (session == null) {
            return factory.get();
        }
        sharedCount.decrementAndGet();
        return session;
    }
}
