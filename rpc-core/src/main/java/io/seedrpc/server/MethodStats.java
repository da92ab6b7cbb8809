package io.seedrpc.server;

import java.util.concurrent.atomic.LongAdder;

/** Counts and latencies of one served method. Thread-safe; updated once per finished call. */
final class MethodStats {

    private final String serviceKey;
    private final String methodKey;
    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LatencyHistogram latency = new LatencyHistogram();

    MethodStats(String serviceKey, String methodKey) {
        this.serviceKey = serviceKey;
        this.methodKey = methodKey;
    }

    /** Records a finished call; a call that did not end in {@code OK} counts as an error. */
    void record(long elapsedNanos, boolean ok) {
        calls.increment();
        if (!ok) {
            errors.increment();
        }
        latency.record(elapsedNanos);
    }

    MethodStatsSnapshot snapshot() {
        return new MethodStatsSnapshot(serviceKey, methodKey, calls.sum(), errors.sum(),
                latency.mean() / 1_000.0, latency.valueAtQuantile(0.99) / 1_000.0);
    }
}
