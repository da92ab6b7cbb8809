package io.seedrpc.invoke;

import java.util.concurrent.CompletableFuture;

/**
 * Wraps every call a client makes — for metrics, logging, tracing, or headers of your own — around the invoker
 * that carries it out. Interceptors run on the calling thread, in the order they were added; the outermost sees
 * the call first and its result last.
 *
 * <p>Implementations are thread-safe and must not block: return {@code next.invoke(invocation)}, or a future
 * derived from it.
 */
@FunctionalInterface
public interface ClientInterceptor {

    CompletableFuture<Object> intercept(Invocation invocation, Invoker next);

    /** {@code invoker} wrapped by {@code interceptors}, the first of them outermost. */
    static Invoker wrap(Invoker invoker, java.util.List<ClientInterceptor> interceptors) {
        Invoker wrapped = invoker;
        for (int i = interceptors.size() - 1; i >= 0; i--) {
            ClientInterceptor interceptor = interceptors.get(i);
            Invoker next = wrapped;
            wrapped = invocation -> interceptor.intercept(invocation, next);
        }
        return wrapped;
    }
}
