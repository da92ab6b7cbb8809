package io.seedrpc;

import java.util.Objects;

/**
 * A call failed. {@link #status()} says how; the message names the service, method or address involved.
 * Unchecked, like gRPC's {@code StatusRuntimeException}: proxies throw it from any interface method.
 */
public class RpcException extends RuntimeException {

    private final StatusCode status;
    private final boolean notSent;

    public RpcException(StatusCode status, String message) {
        this(status, message, null);
    }

    public RpcException(StatusCode status, String message, Throwable cause) {
        this(status, message, cause, false);
    }

    /**
     * @param notSent whether the request is known never to have left this process (for example, the connection
     *                could not be opened), so that retrying it elsewhere cannot repeat its effects
     */
    public RpcException(StatusCode status, String message, Throwable cause, boolean notSent) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status");
        this.notSent = notSent;
    }

    /**
     * Whether the call certainly did not run on any server: it was never sent, or the server answered that it
     * did not run it ({@link StatusCode#provesNotExecuted()}). Such a call may be retried even when it is not
     * idempotent.
     */
    public boolean certainlyNotExecuted() {
        return notSent || status.provesNotExecuted();
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
