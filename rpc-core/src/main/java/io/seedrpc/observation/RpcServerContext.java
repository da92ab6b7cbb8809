package io.seedrpc.observation;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.seedrpc.Metadata;
import io.seedrpc.StatusCode;
import io.seedrpc.server.IncomingCall;

/**
 * The observation context of one call a server serves. Its carrier is the call's metadata, from which a tracer
 * extracts the caller's trace context.
 */
public final class RpcServerContext extends ReceiverContext<Metadata> {

    private final IncomingCall call;
    private StatusCode status;

    RpcServerContext(IncomingCall call) {
        super(Metadata::get, Kind.SERVER);
        this.call = call;
        setCarrier(call.metadata());
        setRemoteServiceAddress(call.remoteAddress());
    }

    /** The call being served. */
    public IncomingCall call() {
        return call;
    }

    /** How the call ended: {@code OK}, the failure's status, or {@code null} while it runs. */
    public StatusCode status() {
        return status;
    }

    void status(StatusCode status) {
        this.status = status;
    }
}
