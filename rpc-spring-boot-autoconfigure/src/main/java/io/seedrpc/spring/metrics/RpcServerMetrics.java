package io.seedrpc.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seedrpc.StatusCode;
import io.seedrpc.server.CallListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times every call the RPC server answers as {@code rpc.server.requests}, tagged with {@code service} (the
 * service key), {@code method} (the method key) and {@code outcome} (the status code, {@code OK} on success).
 */
public final class RpcServerMetrics implements CallListener {

    /** The timer's name. */
    public static final String METRIC_NAME = "rpc.server.requests";

    private final MeterRegistry registry;
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    public RpcServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onCallFinished(String serviceKey, String methodKey, StatusCode status, long elapsedNanos) {
        timers.computeIfAbsent(new TimerKey(serviceKey, methodKey, status.name()),
                        key -> key.register(METRIC_NAME, "RPC calls answered by this server", registry))
                .record(elapsedNanos, TimeUnit.NANOSECONDS);
    }
}
