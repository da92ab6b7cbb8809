package io.seedrpc.invoke;

import io.seedrpc.Deadline;
import io.seedrpc.Metadata;
import io.seedrpc.protocol.MethodDescriptor;

import java.util.Objects;

/**
 * One call on its way out: what to call, with what, by when, and the metadata sent with it.
 *
 * @param serviceKey the service key, for example {@code com.acme.Orders:2.0}
 * @param method     the interface method, with its wire key and types
 * @param args       the arguments; never {@code null} (an empty array for none)
 * @param deadline   when the call must be answered by, fixed once when the call starts (at the proxy) and kept
 *                   through retries; never {@code null}
 * @param metadata   the headers sent with the request; never {@code null}
 */
public record Invocation(String serviceKey, MethodDescriptor method, Object[] args, Deadline deadline,
                         Metadata metadata) {

    public Invocation {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(metadata, "metadata");
    }

    /** A call without metadata. */
    public Invocation(String serviceKey, MethodDescriptor method, Object[] args, Deadline deadline) {
        this(serviceKey, method, args, deadline, Metadata.empty());
    }

    /** A call due {@code timeoutMillis} from now. */
    public Invocation(String serviceKey, MethodDescriptor method, Object[] args, long timeoutMillis,
                      Metadata metadata) {
        this(serviceKey, method, args, Deadline.afterMillis(timeoutMillis), metadata);
    }

    /** A call due {@code timeoutMillis} from now, without metadata. */
    public Invocation(String serviceKey, MethodDescriptor method, Object[] args, long timeoutMillis) {
        this(serviceKey, method, args, Deadline.afterMillis(timeoutMillis), Metadata.empty());
    }

    /**
     * The milliseconds left until the deadline.
     *
     * @deprecated the call's time is its {@link #deadline()}; ask it, rather than carrying a number of
     *             milliseconds that goes stale
     */
    @Deprecated
    public long timeoutMillis() {
        return deadline.remainingMillis();
    }

    /** The same call with another deadline. */
    public Invocation withDeadline(Deadline deadline) {
        return new Invocation(serviceKey, method, args, deadline, metadata);
    }

    /**
     * The same call due {@code millis} from now.
     *
     * @deprecated a retry keeps the call's {@link #deadline()}; use {@link #withDeadline} to give it another
     */
    @Deprecated
    public Invocation withTimeout(long millis) {
        return withDeadline(Deadline.afterMillis(millis));
    }

    /**
     * The same call with other metadata; an interceptor adds headers with
     * {@code next.invoke(invocation.withMetadata(invocation.metadata().with("x-tenant", tenant)))}.
     */
    public Invocation withMetadata(Metadata metadata) {
        return new Invocation(serviceKey, method, args, deadline, metadata);
    }

    /** {@code service.method(types)}, for messages. */
    public String describe() {
        return method.describe(serviceKey);
    }
}
