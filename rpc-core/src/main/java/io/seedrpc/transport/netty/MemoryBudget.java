package io.seedrpc.transport.netty;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A count of bytes held against a limit: by a server, all its connections together (frames still arriving,
 * requests not yet decoded, answers not yet sent); by a client, one connection's requests not yet sent.
 * Thread-safe.
 */
final class MemoryBudget {

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes} if they fit under the limit; returns whether they did. */
    boolean tryReserve(long bytes) {
        long current;
        do {
            current = used.get();
            if (current + bytes > limit) {
                return false;
            }
        } while (!used.compareAndSet(current, current + bytes));
        return true;
    }

    /**
     * Takes {@code bytes} even past the limit: for what is already accepted and must not be lost (the answer to a
     * call that ran). Being over the limit then refuses what comes next.
     */
    void reserve(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }
}
