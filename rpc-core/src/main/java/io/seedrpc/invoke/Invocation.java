package io.seedrpc.invoke;

import io.seedrpc.Metadata;
import io.seedrpc.protocol.MethodDescriptor;

import java.util.Objects;

/**
 * One call on its way out: what to call, with what, how long to wait, and the metadata sent with it.
 *
 * @param serviceKey    the service key, for example {@code com.acme.Orders:2.0}
 * @param method        the interface method, with its wire key and types
 * @param args          the arguments; never {@code null} (an empty array for none)
 * @param timeoutMillis how long to wait for the answer once the request is sent, positive
 * @param metadata      the headers sent with the request; never {@code null}
 */
public record Invocation(String serviceKey, MethodDescriptor method, Object[] args, long timeoutMillis,
                         Metadata metadata) {

    public Invocation {
        Objects.requireNonNull(metadata, "metadata");
    }

    /** A call without metadata. */
    public Invocation(String serviceKey, MethodDescriptor method, Object[] args, long timeoutMillis) {
        this(serviceKey, method, args, timeoutMillis, Metadata.empty());
    }

    /** The same call with another time budget, for a retry that must fit the time left. */
    public Invocation withTimeout(long millis) {
        return new Invocation(serviceKey, method, args, millis, metadata);
    }

    /**
     * The same call with other metadata; an interceptor adds headers with
     * {@code next.invoke(invocation.withMetadata(invocation.metadata().with("x-tenant", tenant)))}.
     */
    public Invocation withMetadata(Metadata metadata) {
        return new Invocation(serviceKey, method, args, timeoutMillis, metadata);
    }

    /** {@code service.method(types)}, for messages. */
    public String describe() {
        return method.describe(serviceKey);
    }
}
