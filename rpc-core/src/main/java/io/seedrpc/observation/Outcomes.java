package io.seedrpc.observation;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;

import java.util.concurrent.CancellationException;

/** The status an observed call ended with. */
final class Outcomes {

    private Outcomes() {
    }

    /**
     * {@code OK} without a failure, the status of an {@link RpcException}, {@code CANCELLED} for a cancellation,
     * and {@code otherwise} for anything else (on a server: the service method's own exception).
     */
    static StatusCode statusOf(Throwable cause, StatusCode otherwise) {
        if (cause == null) {
            return StatusCode.OK;
        }
        if (cause instanceof RpcException rpc) {
            return rpc.status();
        }
        return cause instanceof CancellationException ? StatusCode.CANCELLED : otherwise;
    }
}
