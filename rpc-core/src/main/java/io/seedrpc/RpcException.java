package io.seedrpc;

import java.util.Objects;

/**
 * A call failed. {@link #status()} says how; the message names the service, method or address involved.
 * Unchecked, like gRPC's {@code StatusRuntimeException}: proxies throw it from any interface method.
 */
public class RpcException extends RuntimeException {

    private final StatusCode status;

    public RpcException(StatusCode status, String message) {
        this(status, message, null);
    }

    public RpcException(StatusCode status, String message, Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status");
    }

    /** How the call failed. */
    public StatusCode status() {
        return status;
    }

    @Override
    public String toString() {
        return getClass().getName() + ": [" + status + "] " + getMessage();
    }
}
