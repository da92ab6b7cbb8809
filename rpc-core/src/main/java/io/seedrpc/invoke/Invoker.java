package io.seedrpc.invoke;

import java.util.concurrent.CompletableFuture;

/**
 * Carries out invocations: the one seam between a proxy and however calls reach servers (one address, a
 * cluster, or decorators such as logging and metrics wrapped around either).
 *
 * <p>Implementations are thread-safe and never block the caller: the future fails with an
 * {@link io.seedrpc.RpcException} rather than the method throwing.
 */
@FunctionalInterface
public interface Invoker {

    CompletableFuture<Object> invoke(Invocation invocation);
}
