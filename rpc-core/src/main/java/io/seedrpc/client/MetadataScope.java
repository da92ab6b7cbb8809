package io.seedrpc.client;

import io.seedrpc.Metadata;

/**
 * Metadata in force for the calls one thread makes through one client's proxies, from
 * {@link RpcClient#withMetadata} until {@link #close()}. Scopes nest: an inner one adds to (and overrides) the
 * outer one's entries, and closing it brings the outer one back. Close it on the thread that opened it, with
 * try-with-resources.
 */
public final class MetadataScope implements AutoCloseable {

    private final ScopedMetadata owner;
    private final Metadata previous;
    private final Thread thread;
    private boolean closed;

    MetadataScope(ScopedMetadata owner, Metadata previous) {
        this.owner = owner;
        this.previous = previous;
        this.thread = Thread.currentThread();
    }

    /**
     * Restores the metadata that was in force before this scope opened. Idempotent.
     *
     * @throws IllegalStateException when called on another thread than the one that opened it
     */
    @Override
    public void close() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("a metadata scope must be closed on the thread that opened it ("
                    + thread.getName() + "), not on " + Thread.currentThread().getName());
        }
        if (!closed) {
            closed = true;
            owner.restore(previous);
        }
    }
}
