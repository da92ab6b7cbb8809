package io.seedrpc.discovery;

import java.util.List;
import java.util.function.Consumer;

/**
 * Which instances of a service are live: the "which endpoints exist" half of routing, kept apart from
 * load balancer, the "which one now" half.
 *
 * <p>Thread-safe. Implementations own whatever threads or connections they use and release them in
 * {@link #close()}.
 */
public interface Discovery extends AutoCloseable {

    /**
     * Subscribes to the live endpoints of {@code serviceKey}. The listener receives the whole current list
     * (possibly empty) as soon as it is known, and the whole new list after every change; calls for one
     * subscription never overlap. Each list is immutable.
     */
    Subscription subscribe(String serviceKey, Consumer<List<Endpoint>> listener);

    /** What this discovery is, for error messages: {@code static list}, {@code registry http://…}. */
    String describe();

    /** Stops every subscription and releases resources. */
    @Override
    default void close() {
    }

    /** A live subscription; closing it stops the updates. */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
