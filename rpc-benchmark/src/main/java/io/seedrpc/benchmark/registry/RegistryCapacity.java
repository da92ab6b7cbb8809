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
 * --registry-jvm-arg -XX:StartFlightRecording=filename=registry.jfr,settings=profile (repeatable)
 * --backend zookeeper   --ensemble 3   --max-sessions 5000   --sessions-per-jvm 500   --load-heap 256m
 * --max-threads (half of kernel.pid_max)
 * </pre>
 *
 * <p>With {@code --backend zookeeper} the same grid runs on an ensemble of ZooKeeper servers on loopback
 * ({@link ZooKeeperEnsemble}, {@link ZooKeeperCell}), the sessions spread over load JVMs; {@code --heap} is then
 * each server's heap. A cell whose sessions would need more threads than {@code --max-threads} is skipped with
 * the reason: every thread is a task of the kernel, and the whole machine has {@code kernel.pid_max} of them.
 *
 * <p>Every JVM the tool starts is stopped when it ends, on Ctrl-C too (a shutdown hook); the ZooKeeper servers
 * and load JVMs also exit by themselves when the tool is killed ({@link ParentWatch}).
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
        int ensembleSize = 3;
        int sessionsPerJvm = 500;
        String loadHeap = "256m";
        long maxThreads = ZooKeeperThreads.defaultBudget();
        List<String> registryJvmArgs = new ArrayList<>();
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
                case "--ensemble" -> ensembleSize = Integer.parseInt(value);
                case "--sessions-per-jvm" -> sessionsPerJvm = Integer.parseInt(value);
                case "--load-heap" -> loadHeap = value;
                case "--max-threads" -> maxThreads = Long.parseLong(value);
                case "--registry-jvm-arg" -> registryJvmArgs.add(value);
                case "--registry-java" -> java = value;
                case "--registry-arg" -> registryArgs.add(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the class javadoc");
            }
            i++;
        }
        Path logs = Files.createDirectories(Path.of("rpc-benchmark/target/capacity-logs"));
        ChildJvms children = new ChildJvms();
        Runtime.getRuntime().addShutdownHook(new Thread(children::close, "capacity-stop-children"));
        if (zookeeper) {
            ZooKeeperGrid grid = new ZooKeeperGrid(children, ensembleSize, heap, maxSessions, sessionsPerJvm,
                    loadHeap, maxThreads, logs);
            grid.run(instances, watchers, warmup, window);
            System.exit(0);
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no registry jar at " + jar + "; build it first");
        }
        System.out.printf("registry capacity: %d cores, registry heap %s, warm-up %s, window %s, %d heartbeats in "
                        + "flight at most on %d keep-alive connections, registry arguments %s %s%n",
                Runtime.getRuntime().availableProcessors(), heap, warmup, window, inFlight, connections,
                registryJvmArgs, registryArgs);
        System.out.println(CapacityResult.HEADER);
        for (int n : instances) {
            for (int w : watchers) {
                // Room for every watcher twice over, within the registry's own rule (a quarter of Tomcat's 8,192
                // connections kept for writes).
                try (RegistryProcess registry = RegistryProcess.start(children, java, jar, heap,
                        Math.max(10_000, 2 * n), Math.min(6_144, Math.max(1_000, 2 * w)), registryJvmArgs, registryArgs,
                        logs.resolve("registry-" + n + "-" + w + ".log"));
                     CapacityCell cell = new CapacityCell(registry, n, w, inFlight, connections)) {
                    System.out.println(cell.run(registry, warmup, window).row());
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
