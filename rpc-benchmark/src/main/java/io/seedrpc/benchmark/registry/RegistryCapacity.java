package io.seedrpc.benchmark.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Load tool for the registry app: for every N in {@code --instances} and W in {@code --watchers}, starts the
 * registry jar in a JVM of its own, drives it with N instances heartbeating every 5 s and W parked blocking
 * queries ({@link CapacityCell}), and prints one row. Run it with {@code rpc-benchmark/registry-capacity.sh}.
 *
 * <pre>
 * --instances 1000,5000,20000   --watchers 100,1000   --warmup 10s   --window 30s
 * --registry-jar rpc-registry-app/target/rpc-registry-app.jar   --heap 512m   --in-flight 128
 * </pre>
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
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the class javadoc");
            }
            i++;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no registry jar at " + jar + "; build it first");
        }
        Path logs = Files.createDirectories(Path.of("rpc-benchmark/target/capacity-logs"));
        System.out.printf("registry capacity: %d cores, registry heap %s, warm-up %s, window %s, %d heartbeats in "
                        + "flight at most%n", Runtime.getRuntime().availableProcessors(), heap, warmup, window,
                inFlight);
        System.out.println(CapacityResult.HEADER);
        for (int n : instances) {
            for (int w : watchers) {
                try (RegistryProcess registry = RegistryProcess.start(jar, heap, Math.max(10_000, 2 * n),
                        Math.max(10_000, 2 * w), logs.resolve("registry-" + n + "-" + w + ".log"))) {
                    CapacityResult result = new CapacityCell(registry, n, w, inFlight).run(registry, warmup, window);
                    System.out.println(result.row());
                }
            }
        }
        System.exit(0);
    }

    private static List<Integer> ints(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    private static Duration seconds(String value) {
        return Duration.ofSeconds(Long.parseLong(value.strip().replaceAll("s$", "")));
    }
}
