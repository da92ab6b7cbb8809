package io.seedrpc.client;

import io.seedrpc.Metadata;

/** The metadata each thread has put in force with {@link RpcClient#withMetadata}; one per client. */
final class ScopedMetadata {

    private final ThreadLocal<Metadata> current = new ThreadLocal<>();

    /** The metadata in force on this thread; empty when no scope is open. */
    Metadata current() {
        Metadata metadata = current.get();
        return metadata == null ? Metadata.empty() : metadata;
    }

    MetadataScope open(Metadata added) {
        Metadata previous = current.get();
        current.set(previous == null ? added : previous.withAll(added));
        return new MetadataScope(this, previous);
    }

    void restore(Metadata previous) {
        if (previous == null) {
            current.remove();
        } else {
            current.set(previous);
        }
    }
}
