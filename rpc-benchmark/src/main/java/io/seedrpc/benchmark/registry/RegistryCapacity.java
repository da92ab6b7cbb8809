package io.seedrpc.benchmark.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Load tool for the registry app: for every N in {@code --instances} and W in {@code --watchers}, starts the
 * registry jar in a JVM of its own, drives it with N instances heartbeating every 5 s and W parked blocking
 * queries ({@link CapacityCell}), and prints one row. Run it with {@code rpc-benchmark/registry-capacity.sh}.
 *
 * <pre>
 * --instances 1000,5000,20000   --watchers 100,1000   --warmup 10s   --window 30s
 * --registry-jar rpc-registry-app/target/rpc-registry-app.jar   --heap 512m   --in-flight 128   --connections 32
 * --registry-java /path/to/bin/java   --registry-arg --spring.threads.virtual.enabled=true (repeatable)
 * --backend zookeeper   --max-sessions 5000
 * </pre>
 *
 * <p>With {@code --backend zookeeper} the same grid runs on a standalone ZooKeeper server ({@link ZooKeeperCell});
 * {@code --heap} is then ZooKeeper's heap.
 */
public final class RegistryCapacity {

    private RegistryCapacity() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> instances = List.of(1_000, 5_000, 20_000);
        List<Integer> watchers = List.of(100, 1_000);
        Duration warmup = Duration.ofSeconds(10);
        Duration window = Duration.ofSeconds(30);
        Path jar = Path.of("rpc-registry-app/target/rpc-registry-app.jar");
        String heap = "512m";
        int inFlight = 128;
        int connections = 32;
        boolean zookeeper = false;
        int maxSessions = 5_000;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> registryArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--instances" -> instances = ints(value);
                case "--watchers" -> watchers = ints(value);
                case "--warmup" -> warmup = seconds(value);
                case "--window" -> window = seconds(value);
                case "--registry-jar" -> jar = Path.of(value);
                case "--heap" -> heap = value;
                case "--in-flight" -> inFlight = Integer.parseInt(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--backend" -> zookeeper = switch (value) {
                    case "app" -> false;
                    case "zookeeper" -> true;
                    default -> throw new IllegalArgumentException("--backend is app or zookeeper, was " + value);
                };
                case "--max-sessions" -> maxSessions = Integer.parseInt(value);
                case "--registry-java" -> java = value;
                case "--registry-arg" -> registryArgs.add(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the class javadoc");
            }
            i++;
        }
        Path logs = Files.createDirectories(Path.of("rpc-benchmark/target/capacity-logs"));
        if (zookeeper) {
            onZooKeeper(instances, watchers, warmup, window, heap, maxSessions, logs);
            System.exit(0);
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no registry jar at " + jar + "; build it first");
        }
        System.out.printf("registry capacity: %d cores, registry heap %s, warm-up %s, window %s, %d heartbeats in "
                        + "flight at most on %d keep-alive connections, registry arguments %s%n",
                Runtime.getRuntime().availableProcessors(), heap, warmup, window, inFlight, connections,
                registryArgs);
        System.out.println(CapacityResult.HEADER);
        for (int n : instances) {
            for (int w : watchers) {
                // Room for every watcher twice over, within the registry's own rule (a quarter of Tomcat's 8,192
                // connections kept for writes).
                try (RegistryProcess registry = RegistryProcess.start(java, jar, heap, Math.max(10_000, 2 * n),
                        Math.min(6_144, Math.max(1_000, 2 * w)), registryArgs,
                        logs.resolve("registry-" + n + "-" + w + ".log"));
                     CapacityCell cell = new CapacityCell(registry, n, w, inFlight, connections)) {
                    System.out.println(cell.run(registry, warmup, window).row());
                }
            }
        }
        System.exit(0);
    }

    private static void onZooKeeper(List<Integer> instances, List<Integer> watchers, Duration warmup,
                                    Duration window, String heap, int maxSessions, Path logs) throws Exception {
        System.out.printf("ZooKeeper capacity: %d cores, ZooKeeper heap %s, warm-up %s, window %s, at most %d provider "
                        + "sessions%n", Runtime.getRuntime().availableProcessors(), heap, warmup, window, maxSessions);
        System.out.println(ZooKeeperResult.HEADER);
        for (int n : instances) {
            for (int w : watchers) {
                Path data = logs.resolve("zookeeper-" + n + "-" + w);
                try (ZooKeeperProcess zookeeper = ZooKeeperProcess.start(heap, data.resolve("data"),
                        logs.resolve("zookeeper-" + n + "-" + w + ".log"));
                     ZooKeeperCell cell = new ZooKeeperCell(zookeeper, n, w, maxSessions)) {
                    System.out.println(cell.run(warmup, window, logs).row());
                }
            }
        }
    }

    private static List<Integer> ints(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    private static Duration seconds(String value) {
        return Duration.ofSeconds(Long.parseLong(value.strip().replaceAll("s$", "")));
    }
}
