package io.seedrpc.server;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs around every call a server serves, before its arguments are decoded: reads the call's metadata, rejects the
 * call, or wraps it (tracing, metrics, a security or tenant context). Interceptors run in the order they were added
 * to the builder; the first is outermost, sees the call first and its result last.
 *
 * <p>To reject a call, return {@code CompletableFuture.failedFuture(new RpcException(status, message))} (or throw
 * it): the caller receives that status and message, and the method never runs. Statuses that only arise on a client
 * ({@code CODEC_ERROR} and above) are sent as {@code INTERNAL}. To go on, return {@code next.invoke(call)} or a
 * future derived from it.
 *
 * <p>Called on the thread that will run the method — a worker thread, or the I/O thread for
 * {@code @DirectDispatch} methods — so it must not block. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ServerInterceptor {

    CompletableFuture<Object> intercept(IncomingCall call, ServerInvoker next);

    /** {@code invoker} wrapped by {@code interceptors}, the first of them outermost. */
    static ServerInvoker wrap(ServerInvoker invoker, List<ServerInterceptor> interceptors) {
        ServerInvoker wrapped = invoker;
        for (int i = interceptors.size() - 1; i >= 0; i--) {
            ServerInterceptor interceptor = interceptors.get(i);
            ServerInvoker next = wrapped;
            wrapped = call -> interceptor.intercept(call, next);
        }
        return wrapped;
    }
}
