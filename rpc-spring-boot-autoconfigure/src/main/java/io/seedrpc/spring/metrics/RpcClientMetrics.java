package io.seedrpc.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seedrpc.RpcException;
import io.seedrpc.invoke.ClientInterceptor;
import io.seedrpc.invoke.Invocation;
import io.seedrpc.invoke.Invoker;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times every call the RPC client makes, retries included, as {@code rpc.client.requests}, tagged with
 * {@code service}, {@code method} and {@code outcome} (the status code of the failure, {@code OK} on success).
 */
public final class RpcClientMetrics implements ClientInterceptor {

    /** The timer's name. */
    public static final String METRIC_NAME = "rpc.client.requests";

    private final MeterRegistry registry;
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    public RpcClientMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public CompletableFuture<Object> intercept(Invocation invocation, Invoker next) {
        long start = System.nanoTime();
        CompletableFuture<Object> result = next.invoke(invocation);
        // Returned as is rather than the whenComplete stage, so that cancelling it still reaches the call.
        result.whenComplete((value, failure) -> record(invocation, outcome(failure), System.nanoTime() - start));
        return result;
    }

    private void record(Invocation invocation, String outcome, long elapsedNanos) {
        timers.computeIfAbsent(new TimerKey(invocation.serviceKey(), invocation.method().key(), outcome),
                        key -> key.register(METRIC_NAME, "RPC calls made by this client", registry))
                .record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    private static String outcome(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause == null) {
            return "OK";
        }
        if (cause instanceof RpcException rpc) {
            return rpc.status().name();
        }
        return cause instanceof CancellationException ? "CANCELLED" : "ERROR";
    }
}
