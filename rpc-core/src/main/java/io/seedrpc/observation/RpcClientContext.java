package io.seedrpc.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import io.seedrpc.StatusCode;
import io.seedrpc.invoke.Invocation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The observation context of one call a client makes. Its carrier collects what a tracer propagates (for example
 * W3C {@code traceparent}), which {@link ObservationClientInterceptor} then adds to the call's metadata.
 */
public final class RpcClientContext extends SenderContext<Map<String, String>> {

    private final Invocation invocation;
    private StatusCode status;

    RpcClientContext(Invocation invocation) {
        super((carrier, key, value) -> carrier.put(key, value), Kind.CLIENT);
        this.invocation = invocation;
        setCarrier(new LinkedHashMap<>());
        setRemoteServiceName(invocation.serviceKey());
    }

    /** The call as it left the application (before the trace context was added to its metadata). */
    public Invocation invocation() {
        return invocation;
    }

    /** How the call ended: {@code OK}, the failure's status, or {@code null} while it is in flight. */
    public StatusCode status() {
        return status;
    }

    void status(StatusCode status) {
        this.status = status;
    }
}
