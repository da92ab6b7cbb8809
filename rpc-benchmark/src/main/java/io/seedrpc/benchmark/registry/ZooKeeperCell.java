package io.seedrpc.benchmark.registry;

import io.seedrpc.discovery.Discovery;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.zookeeper.ZooKeeperConnection;
import io.seedrpc.zookeeper.ZooKeeperDiscovery;
import io.seedrpc.zookeeper.ZooKeeperRegistration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The registry app's measurement on a ZooKeeper ensemble: {@code instances} providers registered as ephemeral
 * nodes through {@link ZooKeeperRegistration} (one session each, up to {@code maxSessions}; past that the
 * instances share the sessions evenly), and {@code watchers} consumers, each a {@link ZooKeeperDiscovery} on a
 * session of its own following one of ten services. The sessions live in load JVMs of their own
 * ({@link ZooKeeperLoad}), at most {@code sessionsPerJvm} each: every ZooKeeper client session has threads of its
 * own, and thousands of them do not fit in one JVM.
 *
 * <ul>
 *   <li>what stands for a heartbeat is the session's ping, which the ZooKeeper client sends by itself; a provider
 *       session seen disconnected during the window is what a false eviction is to the registry app (its nodes are
 *       at risk);</li>
 *   <li>every 2 s a probe instance joins or leaves a watched service; each watcher of it records the time from the
 *       start of the change to the list it is handed;</li>
 *   <li>after the window, a JVM holding ten provider sessions of their own is killed with SIGKILL; the drop is the
 *       time from the kill to the first list without them (session timeout 15 s, as the registry app's TTL).</li>
 * </ul>
 */
final class ZooKeeperCell implements AutoCloseable {

    static final int WATCHED_SERVICES = 10;
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration START_LIMIT = Duration.ofMinutes(10);
    private static final int INSTANCES_PER_SERVICE = 10;
    private static final int VICTIMS = 10;
    private static final String VICTIM_SERVICE = "load.Victims";

    private final ChildJvms children;
    private final ZooKeeperEnsemble ensemble;
    private final int instances;
    private final int watchers;
    private final int sessions;
    private final int sessionsPerJvm;
    private final String loadHeap;
    private final Path logs;
    private final List<ChildJvm> loadJvms = new ArrayList<>();

    ZooKeeperCell(ChildJvms children, ZooKeeperEnsemble ensemble, int instances, int watchers, int maxSessions,
                  int sessionsPerJvm, String loadHeap, Path logs) {
        this.children = children;
        this.ensemble = ensemble;
        this.instances = instances;
        this.watchers = watchers;
        this.sessions = Math.min(instances, maxSessions);
        this.sessionsPerJvm = sessionsPerJvm;
        this.loadHeap = loadHeap;
        this.logs = logs;
    }

    /** The service watcher {@code watched} (0 to 9) follows: the first of each ten services. */
    static String watchedService(int watched) {
        return CapacityCell.service(watched * INSTANCES_PER_SERVICE);
    }

    /** Provider sessions of a cell of {@code instances} with at most {@code maxSessions}. */
    static int sessions(int instances, int maxSessions) {
        return Math.min(instances, maxSessions);
    }

    ZooKeeperResult run(Duration warmup, Duration window) throws Exception {
        long registerStart = System.nanoTime();
        List<ChildJvm> providers = new ArrayList<>();
        for (int from = 0; from < sessions; from += sessionsPerJvm) {
            providers.add(load("providers", from, Math.min(sessions, from + sessionsPerJvm),
                    List.of(Integer.toString(instances), Integer.toString(sessions))));
        }
        for (ChildJvm provider : providers) {
            provider.next(ZooKeeperLoad.REGISTERED, START_LIMIT);
        }
        awaitEphemerals(instances, START_LIMIT);
        double registerSeconds = (System.nanoTime() - registerStart) / 1e9;

        List<ChildJvm> consumers = new ArrayList<>();
        for (int from = 0; from < watchers; from += sessionsPerJvm) {
            consumers.add(load("watchers", from, Math.min(watchers, from + sessionsPerJvm), List.of()));
        }
        for (ChildJvm consumer : consumers) {
            consumer.next(ZooKeeperLoad.WATCHING, START_LIMIT);
        }

        try (ZooKeeperConnection probeSession = session();
             ZooKeeperConnection victimWatch = session();
             Discovery victimDiscovery = ZooKeeperDiscovery.builder(victimWatch).build()) {
            VictimsSeen victimsSeen = new VictimsSeen();
            victimDiscovery.subscribe(VICTIM_SERVICE, victimsSeen);
            ChildJvm victims = children.start("zookeeper-victims", ChildJvm.thisJava(), List.of("-Xmx64m", "-cp",
                    ChildJvm.classPath(), ZooKeeperVictims.class.getName(), ensemble.connectString(),
                    Integer.toString(VICTIMS), VICTIM_SERVICE, Long.toString(SESSION_TIMEOUT.toMillis())),
                    logs.resolve("zookeeper-victims.log"));
            try {
                ZooKeeperLoad.awaitTrue(() -> victimsSeen.count() == VICTIMS, Duration.ofMinutes(2),
                        "the victims' instances");
                Thread.sleep(warmup.toMillis());
                return measure(window, probeSession, victims, victimsSeen, registerSeconds);
            } finally {
                victims.close();
            }
        }
    }

    private ZooKeeperResult measure(Duration window, ZooKeeperConnection probeSession, ChildJvm victims,
                                    VictimsSeen victimsSeen, double registerSeconds) throws Exception {
        loadJvms.forEach(load -> load.send("measure"));
        ensemble.resetStatistics();
        long cpuStart = ensemble.cpuNanos();
        long loadCpuStart = loadCpuNanos();
        long windowStart = System.nanoTime();
        long windowEnd = windowStart + window.toNanos();
        List<String> changes = new ArrayList<>();
        ZooKeeperRegistration probe = null;
        int change = 0;
        while (System.nanoTime() < windowEnd) {
            Thread.sleep(Math.min(2_000, Math.max(1, (windowEnd - System.nanoTime()) / 1_000_000)));
            if (System.nanoTime() < windowEnd) {
                int watched = (change / 2) % WATCHED_SERVICES;
                changes.add(watched + ":" + System.nanoTime());
                if (probe == null) {
                    probe = ZooKeeperRegistration.builder(new RegistryInstance("probe", "10.250.0.1",
                            ZooKeeperLoad.PROBE_PORT, List.of(watchedService(watched)), 100, Map.of()))
                            .connection(probeSession).build();
                    probe.start();
                } else {
                    probe.close();
                    probe = null;
                }
                change++;
            }
        }
        long cpuEnd = ensemble.cpuNanos();
        long loadCpuEnd = loadCpuNanos();
        long wall = System.nanoTime() - windowStart;
        if (probe != null) {
            probe.close();
        }
        LoadReport load = LoadReport.of(loadJvms, "report " + String.join(",", changes));
        List<Map<String, String>> counters = ensemble.allCounters();
        long heap = -1;
        for (ChildJvm server : ensemble.jvms()) {
            heap = Math.max(heap, server.heapAfterGc());
        }
        long ephemerals = Long.parseLong(counters.get(0).getOrDefault("zk_ephemerals_count", "-1"));

        long killed = System.nanoTime();
        victims.kill();
        ZooKeeperLoad.awaitTrue(() -> victimsSeen.count() == 0, Duration.ofSeconds(60),
                "the killed sessions' nodes to go");
        double firstDrop = (victimsSeen.firstDrop() - killed) / 1e9;
        double lastDrop = (victimsSeen.lastChange() - killed) / 1e9;

        return new ZooKeeperResult(instances, watchers, sessions, registerSeconds, load.disconnected(),
                instances + VICTIMS - ephemerals, CapacityResult.Latency.of(load.wakes()), firstDrop, lastDrop,
                worst(counters, "zk_avg_latency"), worst(counters, "zk_max_latency"),
                io.seedrpc.benchmark.CpuClock.percent(cpuStart, cpuEnd, wall), heap, loadJvms.size(),
                load.threads(), load.residentKiB(),
                io.seedrpc.benchmark.CpuClock.percent(loadCpuStart, loadCpuEnd, wall));
    }

    private ChildJvm load(String role, int from, int to, List<String> extra) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-Xms64m", "-Xmx" + loadHeap, "-cp", ChildJvm.classPath(),
                ZooKeeperLoad.class.getName(), ensemble.connectString(), Long.toString(SESSION_TIMEOUT.toMillis()),
                role, Integer.toString(from), Integer.toString(to)));
        arguments.addAll(extra);
        ChildJvm jvm = children.start("zookeeper-" + role + "-" + from, ChildJvm.thisJava(), arguments,
                logs.resolve("zookeeper-" + instances + "-" + watchers + "-" + role + "-" + from + ".log"));
        loadJvms.add(jvm);
        return jvm;
    }

    private long loadCpuNanos() {
        long total = 0;
        for (ChildJvm jvm : loadJvms) {
            total += Math.max(0, jvm.cpuNanos());
        }
        return total;
    }

    private ZooKeeperConnection session() {
        return ZooKeeperConnection.builder(ensemble.connectString()).sessionTimeout(SESSION_TIMEOUT).build()
                .start();
    }

    private void awaitEphemerals(long atLeast, Duration timeout) throws InterruptedException {
        ZooKeeperLoad.awaitTrue(() -> {
            try {
                return Long.parseLong(ensemble.counters(0).getOrDefault("zk_ephemerals_count", "0")) >= atLeast;
            } catch (IOException | NumberFormatException e) {
                return false;
            }
        }, timeout, "zk_ephemerals_count >= " + atLeast);
    }

    /** The highest of the servers' values of a latency counter. */
    private static String worst(List<Map<String, String>> counters, String name) {
        return counters.stream().map(server -> server.get(name)).filter(value -> value != null)
                .max((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b))).orElse("?");
    }

    /** Stops the load JVMs, all at once. */
    @Override
    public void close() {
        ChildJvms.closeAll(loadJvms);
    }

    /** What the load JVMs said at the end of the window, added up. */
    private record LoadReport(int disconnected, Histogram wakes, long threads, long residentKiB) {

        static LoadReport of(List<ChildJvm> jvms, String command) throws IOException, InterruptedException {
            jvms.forEach(jvm -> jvm.send(command));
            int disconnected = 0;
            long threads = 0;
            long resident = 0;
            Histogram wakes = new Histogram(3);
            for (ChildJvm jvm : jvms) {
                Map<String, String> fields = new HashMap<>();
                for (String field : jvm.next(ZooKeeperLoad.REPORT, Duration.ofMinutes(1)).split(" ")) {
                    String[] pair = field.split("=", 2);
                    fields.put(pair[0], pair[1]);
                }
                disconnected += Integer.parseInt(fields.get("disc"));
                threads += Long.parseLong(fields.get("threads"));
                resident += Math.max(0, Long.parseLong(fields.get("rssKiB")));
                try {
                    wakes.add(Histogram.decodeFromCompressedByteBuffer(
                            ByteBuffer.wrap(Base64.getDecoder().decode(fields.get("wakes"))), 0));
                } catch (java.util.zip.DataFormatException e) {
                    throw new IOException(jvm.name() + " sent an unreadable histogram", e);
                }
            }
            return new LoadReport(disconnected, wakes, threads, resident);
        }
    }

    /** How many of the victims' instances the last list had, when the first went and when the list changed last. */
    private static final class VictimsSeen implements Consumer<List<Endpoint>> {

        private final AtomicInteger count = new AtomicInteger(-1);
        private final AtomicLong lastChange = new AtomicLong();
        private final AtomicLong firstDrop = new AtomicLong();

        @Override
        public void accept(List<Endpoint> endpoints) {
            long now = System.nanoTime();
            int previous = count.getAndSet(endpoints.size());
            if (previous == VICTIMS && endpoints.size() < VICTIMS) {
                firstDrop.set(now);
            }
            lastChange.set(now);
        }

        long firstDrop() {
            return firstDrop.get();
        }

        int count() {
            return count.get();
        }

        long lastChange() {
            return lastChange.get();
        }
    }
}
