package io.seedrpc.benchmark.registry;

import io.seedrpc.benchmark.CpuClock;
import io.seedrpc.discovery.Discovery;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.internal.DaemonThreads;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.zookeeper.ZooKeeperConnection;
import io.seedrpc.zookeeper.ZooKeeperDiscovery;
import io.seedrpc.zookeeper.ZooKeeperRegistration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The registry app's measurement on ZooKeeper: {@code instances} providers registered as ephemeral nodes through
 * {@link ZooKeeperRegistration} (one session each, up to {@code maxSessions}; past that the instances share the
 * sessions evenly), and {@code watchers} consumers, each a {@link ZooKeeperDiscovery} on a session of its own
 * following one of ten services.
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

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(15);
    private static final int WATCHED_SERVICES = 10;
    private static final int INSTANCES_PER_SERVICE = 10;
    private static final int VICTIMS = 10;
    private static final String VICTIM_SERVICE = "load.Victims";

    private final ZooKeeperProcess zookeeper;
    private final int instances;
    private final int watchers;
    private final int sessions;
    private final List<ZooKeeperConnection> providerSessions = new ArrayList<>();
    private final List<ZooKeeperRegistration> registrations = new ArrayList<>();
    private final List<ZooKeeperConnection> watcherSessions = new ArrayList<>();
    private final List<Discovery> discoveries = new ArrayList<>();
    private final ConcurrentHistogram wakeMicros = new ConcurrentHistogram(3);
    private final Map<String, Long> changeSentAt = new ConcurrentHashMap<>();
    private final AtomicInteger loadedWatchers = new AtomicInteger();
    private final Set<Integer> disconnectedSessions = ConcurrentHashMap.newKeySet();
    private volatile boolean measuring;

    ZooKeeperCell(ZooKeeperProcess zookeeper, int instances, int watchers, int maxSessions) {
        this.zookeeper = zookeeper;
        this.instances = instances;
        this.watchers = watchers;
        this.sessions = Math.min(instances, maxSessions);
    }

    ZooKeeperResult run(Duration warmup, Duration window, Path logs) throws Exception {
        long registerStart = System.nanoTime();
        for (int s = 0; s < sessions; s++) {
            providerSessions.add(session());
        }
        // Registrations start on connected sessions: Curator's PersistentNode retries a create that fails for want
        // of a connection at once, on the same stack, and a few thousand sessions still connecting on a loaded
        // machine ran that into a StackOverflowError.
        awaitTrue(() -> providerSessions.stream().allMatch(ZooKeeperConnection::isConnected), Duration.ofMinutes(5),
                "every provider session to connect");
        for (int i = 0; i < instances; i++) {
            ZooKeeperRegistration registration = ZooKeeperRegistration.builder(new RegistryInstance("load-" + i,
                            "10.1." + (i / 250) % 250 + "." + (i % 250 + 1), 9000 + i % 1000,
                            List.of(CapacityCell.service(i)), 100, Map.of("zone", "z" + i % 3)))
                    .connection(providerSessions.get(i % sessions)).build();
            registrations.add(registration);
            registration.start();
        }
        awaitCounter("zk_ephemerals_count", instances, Duration.ofMinutes(5));
        double registerSeconds = (System.nanoTime() - registerStart) / 1e9;

        for (int w = 0; w < watchers; w++) {
            watcherSessions.add(session());
        }
        awaitTrue(() -> watcherSessions.stream().allMatch(ZooKeeperConnection::isConnected), Duration.ofMinutes(5),
                "every watcher session to connect");
        for (int w = 0; w < watchers; w++) {
            String service = CapacityCell.service((w % WATCHED_SERVICES) * INSTANCES_PER_SERVICE);
            Discovery discovery = ZooKeeperDiscovery.builder(watcherSessions.get(w)).build();
            discoveries.add(discovery);
            discovery.subscribe(service, new WakeRecorder(service));
        }
        awaitTrue(() -> loadedWatchers.get() >= watchers, Duration.ofMinutes(5), "every watcher's first list");

        ZooKeeperConnection probeSession = session();
        ZooKeeperConnection victimWatch = session();
        VictimsSeen victimsSeen = new VictimsSeen();
        Discovery victimDiscovery = ZooKeeperDiscovery.builder(victimWatch).build();
        victimDiscovery.subscribe(VICTIM_SERVICE, victimsSeen);
        try (ChildJvm victims = ChildJvm.start(ChildJvm.thisJava(), List.of("-Xmx64m", "-cp",
                System.getProperty("java.class.path"), ZooKeeperVictims.class.getName(), zookeeper.connectString(),
                Integer.toString(VICTIMS), VICTIM_SERVICE, Long.toString(SESSION_TIMEOUT.toMillis())),
                logs.resolve("zookeeper-victims.log"))) {
            awaitTrue(() -> victimsSeen.count() == VICTIMS, Duration.ofMinutes(2), "the victims' instances");
            Thread.sleep(warmup.toMillis());

            wakeMicros.reset();
            zookeeper.resetStatistics();
            long cpuStart = zookeeper.jvm().cpuNanos();
            long windowStart = System.nanoTime();
            measuring = true;
            long windowEnd = windowStart + window.toNanos();
            ZooKeeperRegistration probe = null;
            int change = 0;
            while (System.nanoTime() < windowEnd) {
                for (int tick = 0; tick < 4 && System.nanoTime() < windowEnd; tick++) {
                    Thread.sleep(500);
                    for (int s = 0; s < providerSessions.size(); s++) {
                        if (!providerSessions.get(s).isConnected()) {
                            disconnectedSessions.add(s);
                        }
                    }
                }
                if (System.nanoTime() < windowEnd) {
                    String service = CapacityCell.service(((change / 2) % WATCHED_SERVICES) * INSTANCES_PER_SERVICE);
                    changeSentAt.put(service, System.nanoTime());
                    if (probe == null) {
                        probe = ZooKeeperRegistration.builder(new RegistryInstance("probe", "10.250.0.1", 9999,
                                List.of(service), 100, Map.of())).connection(probeSession).build();
                        probe.start();
                    } else {
                        probe.close();
                        probe = null;
                    }
                    change++;
                }
            }
            measuring = false;
            long cpuEnd = zookeeper.jvm().cpuNanos();
            long wall = System.nanoTime() - windowStart;
            if (probe != null) {
                probe.close();
            }
            Map<String, String> counters = zookeeper.counters();
            long heap = zookeeper.jvm().heapAfterGc();
            long ephemerals = Long.parseLong(counters.getOrDefault("zk_ephemerals_count", "-1"));

            long killed = System.nanoTime();
            victims.kill();
            awaitTrue(() -> victimsSeen.count() == 0, Duration.ofSeconds(60), "the killed sessions' nodes to go");
            double firstDrop = (victimsSeen.firstDrop() - killed) / 1e9;
            double lastDrop = (victimsSeen.lastChange() - killed) / 1e9;

            return new ZooKeeperResult(instances, watchers, sessions, registerSeconds, disconnectedSessions.size(),
                    instances + VICTIMS - ephemerals, CapacityResult.Latency.of(wakeMicros), firstDrop, lastDrop,
                    counters.getOrDefault("zk_avg_latency", "?"), counters.getOrDefault("zk_max_latency", "?"),
                    CpuClock.percent(cpuStart, cpuEnd, wall), heap);
        } finally {
            victimDiscovery.close();
            victimWatch.close();
            probeSession.close();
        }
    }

    private ZooKeeperConnection session() {
        return ZooKeeperConnection.builder(zookeeper.connectString()).sessionTimeout(SESSION_TIMEOUT).build()
                .start();
    }

    private void awaitCounter(String counter, long atLeast, Duration timeout) throws Exception {
        awaitTrue(() -> {
            try {
                return Long.parseLong(zookeeper.counters().getOrDefault(counter, "0")) >= atLeast;
            } catch (IOException e) {
                return false;
            }
        }, timeout, counter + " >= " + atLeast);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + timeout + " for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Ends every session, many at a time: each close waits for ZooKeeper to confirm. */
    @Override
    public void close() throws InterruptedException {
        ExecutorService closers = Executors.newFixedThreadPool(16, DaemonThreads.numbered("capacity-close-"));
        discoveries.forEach(discovery -> closers.execute(discovery::close));
        watcherSessions.forEach(session -> closers.execute(session::close));
        providerSessions.forEach(session -> closers.execute(session::close));
        closers.shutdown();
        if (!closers.awaitTermination(2, TimeUnit.MINUTES)) {
            closers.shutdownNow();
        }
    }

    /** One watcher: times each list that shows the probe's latest change. */
    private final class WakeRecorder implements java.util.function.Consumer<List<Endpoint>> {

        private final String service;
        private boolean loaded;
        private boolean probeSeen;

        WakeRecorder(String service) {
            this.service = service;
        }

        @Override
        public synchronized void accept(List<Endpoint> endpoints) {
            long now = System.nanoTime();
            boolean probe = endpoints.stream().anyMatch(endpoint -> endpoint.address().port() == 9999);
            if (!loaded) {
                loaded = true;
                probeSeen = probe;
                loadedWatchers.incrementAndGet();
                return;
            }
            if (probe != probeSeen) {
                probeSeen = probe;
                Long sentAt = changeSentAt.get(service);
                if (measuring && sentAt != null) {
                    wakeMicros.recordValue(Math.max(0, (now - sentAt) / 1_000));
                }
            }
        }
    }

    /** How many of the victims' instances the last list had, when the first went and when the list changed last. */
    private static final class VictimsSeen implements java.util.function.Consumer<List<Endpoint>> {

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
