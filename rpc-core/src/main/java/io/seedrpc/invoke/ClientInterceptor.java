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

    /**
     * {@code invoker} wrapped by {@code interceptors}, the first of them outermost. The result describes itself as
     * {@code invoker} does (where the calls go), so that a proxy's {@code toString} still names its target.
     */
    static Invoker wrap(Invoker invoker, java.util.List<ClientInterceptor> interceptors) {
        if (interceptors.isEmpty()) {
            return invoker;
        }
        Invoker wrapped = invoker;
        for (int i = interceptors.size() - 1; i >= 0; i--) {
            ClientInterceptor interceptor = interceptors.get(i);
            Invoker next = wrapped;
            wrapped = invocation -> interceptor.intercept(invocation, next);
        }
        Invoker chain = wrapped;
        String description = invoker + " through " + interceptors.size()
                + (interceptors.size() == 1 ? " interceptor" : " interceptors");
        return new Invoker() {
            @Override
            public CompletableFuture<Object> invoke(Invocation invocation) {
                return chain.invoke(invocation);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }
}
