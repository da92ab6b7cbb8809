package io.seedrpc.server;

import java.util.concurrent.CompletableFuture;

/**
 * Carries out an incoming call: the next {@link ServerInterceptor}, or at the end of the chain the service method
 * itself, which decodes the arguments, runs the method and completes with its result.
 */
@FunctionalInterface
public interface ServerInvoker {

    /**
     * @return the method's result; a failure with an {@link io.seedrpc.RpcException} is answered with its status,
     *         the method's own exception as {@link io.seedrpc.StatusCode#APPLICATION_ERROR}
     */
    CompletableFuture<Object> invoke(IncomingCall call);
}
