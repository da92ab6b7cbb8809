package io.seedrpc.benchmark.registry;

import java.util.Locale;

/** What one {@link ZooKeeperCell} measured. */
record ZooKeeperResult(int instances, int watchers, int sessions, double registerSeconds, int sessionsDisconnected,
                       long nodesMissing, CapacityResult.Latency wake, double firstDropSeconds,
                       double lastDropSeconds, String zkAvgLatencyMs, String zkMaxLatencyMs, double cpuPercent,
                       long heapBytes, int loadJvms, long loadThreads, long loadResidentKiB,
                       double loadCpuPercent) {

    static final String HEADER = String.format(Locale.ROOT,
            "%7s %6s %8s %7s %6s %7s %7s %9s %9s %11s %7s %7s %7s %8s %5s %8s %8s %7s",
            "N", "W", "sessions", "reg s", "disc", "missing", "wakes", "wake p50", "wake p99", "drop s",
            "zk avg", "zk max", "cpu %", "heap MiB", "jvms", "threads", "rss MiB", "load %");

    String row() {
        return String.format(Locale.ROOT,
                "%7d %6d %8d %7.1f %6d %7d %7d %9.1f %9.1f %11s %7s %7s %7.0f %8s %5d %8d %8d %7.0f",
                instances, watchers, sessions, registerSeconds, sessionsDisconnected, nodesMissing, wake.count(),
                wake.p50Ms(), wake.p99Ms(), String.format(Locale.ROOT, "%.1f-%.1f", firstDropSeconds, lastDropSeconds),
                zkAvgLatencyMs, zkMaxLatencyMs, cpuPercent,
                heapBytes < 0 ? "?" : Long.toString(heapBytes / (1024 * 1024)), loadJvms, loadThreads,
                loadResidentKiB / 1024, loadCpuPercent);
    }
}
