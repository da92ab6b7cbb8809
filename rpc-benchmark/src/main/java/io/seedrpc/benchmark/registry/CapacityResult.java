package io.seedrpc.benchmark.registry;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** What one {@link CapacityCell} measured. */
record CapacityResult(int instances, int watchers, double registerSeconds, double heartbeatsPerSecond,
                      Latency heartbeat, long heartbeatsFailed, long falseEvictions, Latency wake, long watchErrors,
                      Eviction eviction, double registryCpuPercent, double registryCpuMicrosPerHeartbeat,
                      long registryHeapBytes, double loadCpuPercent, long listenOverflows) {

    static final String HEADER = String.format(Locale.ROOT,
            "%7s %6s %7s %8s %9s %9s %9s %6s %6s %7s %9s %9s %6s %11s %7s %7s %8s %7s %7s",
            "N", "W", "reg s", "hb/s", "hb p50ms", "hb p99ms", "hb maxms", "hbfail", "false", "wakes",
            "wake p50", "wake p99", "w-err", "evict s", "cpu %", "cpu/hb", "heap MiB", "load %", "lq-ovf");

    String row() {
        return String.format(Locale.ROOT,
                "%7d %6d %7.1f %8.0f %9.1f %9.1f %9.1f %6d %6d %7d %9.1f %9.1f %6d %11s %7.0f %7.0f %8s %7.0f %7s",
                instances, watchers, registerSeconds, heartbeatsPerSecond, heartbeat.p50Ms(), heartbeat.p99Ms(),
                heartbeat.maxMs(), heartbeatsFailed, falseEvictions, wake.count(), wake.p50Ms(), wake.p99Ms(),
                watchErrors, eviction.summary(), registryCpuPercent, registryCpuMicrosPerHeartbeat,
                registryHeapBytes < 0 ? "?" : Long.toString(registryHeapBytes / (1024 * 1024)), loadCpuPercent,
                listenOverflows < 0 ? "?" : Long.toString(listenOverflows));
    }

    /** Latencies recorded in microseconds, shown in milliseconds. */
    record Latency(long count, double p50Ms, double p99Ms, double maxMs) {

        static Latency of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return new Latency(0, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Latency(micros.getTotalCount(), micros.getValueAtPercentile(50) / 1e3,
                    micros.getValueAtPercentile(99) / 1e3, micros.getMaxValue() / 1e3);
        }
    }

    /** Instances whose heartbeats stopped, how many were seen evicted, and the range of their delays. */
    record Eviction(int stopped, int evicted, double minSeconds, double maxSeconds) {

        String summary() {
            return evicted == 0 ? "none/" + stopped
                    : String.format(Locale.ROOT, "%.1f-%.1f%s", minSeconds, maxSeconds,
                    evicted == stopped ? "" : " " + evicted + "/" + stopped);
        }
    }
}
