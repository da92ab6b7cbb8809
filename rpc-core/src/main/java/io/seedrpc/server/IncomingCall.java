package io.seedrpc.server;

import io.seedrpc.Deadline;
import io.seedrpc.Metadata;
import io.seedrpc.protocol.MethodDescriptor;

import java.util.Objects;

/**
 * One call as server interceptors and service code see it: which method, with what metadata, from where. The
 * arguments are not part of it: they are decoded only when the call reaches the method, so an interceptor that
 * rejects a call never pays for them.
 *
 * <p>Immutable; {@link #withMetadata} gives the next interceptors and the method other metadata.
 */
public final class IncomingCall {

    private final CallExecution execution;
    private final String serviceKey;
    private final MethodDescriptor method;
    private final Metadata metadata;
    private final String remoteAddress;
    private final int timeoutMillis;
    private final Deadline deadline;

    IncomingCall(CallExecution execution, String serviceKey, MethodDescriptor method, Metadata metadata,
                 String remoteAddress, int timeoutMillis, Deadline deadline) {
        this.execution = execution;
        this.serviceKey = serviceKey;
        this.method = method;
        this.metadata = metadata;
        this.remoteAddress = remoteAddress;
        this.timeoutMillis = timeoutMillis;
        this.deadline = deadline;
    }

    /** The service key, for example {@code com.acme.Orders:2.0}. */
    public String serviceKey() {
        return serviceKey;
    }

    /** The interface method called, with its wire key and declared types. */
    public MethodDescriptor method() {
        return method;
    }

    /** The metadata the request carried (or an interceptor set); empty when none. */
    public Metadata metadata() {
        return metadata;
    }

    /** Where the call came from, for example {@code /10.0.0.7:53412}. */
    public String remoteAddress() {
        return remoteAddress;
    }

    /**
     * The caller's remaining time budget in milliseconds when the request left it; 0 means none. For the time left
     * now, ask {@link #deadline()}.
     */
    public int timeoutMillis() {
        return timeoutMillis;
    }

    /**
     * When the caller stops waiting: the server answers {@link io.seedrpc.StatusCode#TIMEOUT} then and interrupts
     * the method. Fixed once when the request arrived; {@link Deadline#none()} when the caller set no timeout. Pass
     * {@code deadline().remaining()} on to work the method waits for, so that it gives up when its caller does.
     */
    public Deadline deadline() {
        return deadline;
    }

    /** {@code service.method(types)}, for messages. */
    public String describe() {
        return method.describe(serviceKey);
    }

    /** The same call with other metadata, for the interceptors after this one and the method. */
    public IncomingCall withMetadata(Metadata metadata) {
        return new IncomingCall(execution, serviceKey, method, Objects.requireNonNull(metadata, "metadata"),
                remoteAddress, timeoutMillis, deadline);
    }

    CallExecution execution() {
        return execution;
    }

    @Override
    public String toString() {
        return describe() + " from " + remoteAddress;
    }
}
