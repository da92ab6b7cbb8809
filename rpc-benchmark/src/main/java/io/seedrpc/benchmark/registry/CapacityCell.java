package io.seedrpc.benchmark.registry;

import io.seedrpc.registry.Lease;
import io.seedrpc.registry.RegistryClient;
import io.seedrpc.registry.api.RegistryInstance;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * One measurement: {@code instances} simulated providers heartbeating every 5 s, evenly spread, and
 * {@code watchers} parked blocking queries on ten services, against one registry app.
 *
 * <ul>
 *   <li>heartbeat latency is counted from the moment the heartbeat was due, so a registry (or a client bound of
 *       {@code inFlight} requests) that falls behind shows as latency, not as fewer heartbeats;</li>
 *   <li>a heartbeat answered 404 during the window is a false eviction: the instance was heartbeating;</li>
 *   <li>every 2 s a probe instance joins or leaves a watched service; each watcher of it that wakes records the
 *       time from the change's request to its answer;</li>
 *   <li>after the window, some instances stop heartbeating; their eviction delay is the time from their last
 *       heartbeat to the first listing without them (TTL 15 s plus the sweep, plus 200 ms of polling).</li>
 * </ul>
 */
final class CapacityCell {

    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final int WATCHED_SERVICES = 10;
    private static final int INSTANCES_PER_SERVICE = 10;

    private final RegistryClient heartbeats;
    private final RegistryClient watches;
    private final int instances;
    private final int watchers;
    private final Semaphore inFlight;
    private final String[] ids;
    private final AtomicLongArray lastSent;
    private final Set<Integer> evicting = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> changeSentAt = new ConcurrentHashMap<>();
    private final ConcurrentHistogram heartbeatMicros = new ConcurrentHistogram(3);
    private final ConcurrentHistogram wakeMicros = new ConcurrentHistogram(3);
    private final AtomicLong heartbeatsFailed = new AtomicLong();
    private final AtomicLong falseEvictions = new AtomicLong();
    private final AtomicLong watchErrors = new AtomicLong();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "capacity-retries");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running = true;
    private volatile boolean measuring;

    CapacityCell(RegistryProcess registry, int instances, int watchers, int inFlight) {
        Duration timeout = Duration.ofSeconds(10);
        this.heartbeats = RegistryClient.builder(registry.uri())
                .httpClient(HttpClient.newBuilder().connectTimeout(timeout).build()).requestTimeout(timeout).build();
        this.watches = RegistryClient.builder(registry.uri())
                .httpClient(HttpClient.newBuilder().connectTimeout(timeout).build()).requestTimeout(timeout).build();
        this.instances = instances;
        this.watchers = watchers;
        this.inFlight = new Semaphore(inFlight);
        this.ids = new String[instances];
        this.lastSent = new AtomicLongArray(instances);
    }

    static String service(int instance) {
        return "load.Service" + (instance / INSTANCES_PER_SERVICE);
    }

    CapacityResult run(RegistryProcess registry, Duration warmup, Duration window) throws Exception {
        long registerStart = System.nanoTime();
        registerAll();
        double registerSeconds = (System.nanoTime() - registerStart) / 1e9;

        Thread dispatcher = new Thread(this::heartbeatLoop, "capacity-heartbeats");
        dispatcher.start();
        List<String> watched = new ArrayList<>();
        for (int s = 0; s < Math.min(WATCHED_SERVICES, (instances + INSTANCES_PER_SERVICE - 1) / INSTANCES_PER_SERVICE);
             s++) {
            watched.add(service(s * INSTANCES_PER_SERVICE));
        }
        for (int w = 0; w < watchers; w++) {
            String service = watched.get(w % watched.size());
            watches.instances(service).whenComplete((snapshot, failure) ->
                    park(service, failure == null ? snapshot.index() : 0));
        }
        Thread.sleep(warmup.toMillis());

        heartbeatMicros.reset();
        wakeMicros.reset();
        heartbeatsFailed.set(0);
        falseEvictions.set(0);
        watchErrors.set(0);
        long cpuStart = registry.cpuNanos();
        long windowStart = System.nanoTime();
        measuring = true;
        long windowEnd = windowStart + window.toNanos();
        int change = 0;
        while (System.nanoTime() < windowEnd) {
            Thread.sleep(Math.min(2_000, Math.max(1, (windowEnd - System.nanoTime()) / 1_000_000)));
            if (System.nanoTime() < windowEnd) {
                changeOnce(watched.get((change / 2) % watched.size()), change % 2 == 0);
                change++;
            }
        }
        measuring = false;
        long cpuEnd = registry.cpuNanos();
        long wall = System.nanoTime() - windowStart;
        long heartbeatCount = heartbeatMicros.getTotalCount();
        CapacityResult.Latency heartbeat = CapacityResult.Latency.of(heartbeatMicros);
        CapacityResult.Latency wake = CapacityResult.Latency.of(wakeMicros);
        long failed = heartbeatsFailed.get();
        long falseEvicted = falseEvictions.get();
        long watchFailed = watchErrors.get();
        long heap = registry.heapAfterGc();

        CapacityResult.Eviction eviction = evictSome(watched.size());
        running = false;
        dispatcher.interrupt();
        dispatcher.join(10_000);
        retries.shutdownNow();
        return new CapacityResult(instances, watchers, registerSeconds, heartbeatCount * 1e9 / wall, heartbeat,
                failed, falseEvicted, wake, watchFailed, eviction,
                cpuStart < 0 || cpuEnd < 0 ? Double.NaN : 100.0 * (cpuEnd - cpuStart) / wall, heap);
    }

    private void registerAll() throws Exception {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            int instance = i;
            inFlight.acquire();
            RegistryInstance self = new RegistryInstance("load-" + i, "10.1." + (i / 250) % 250 + "." + (i % 250 + 1),
                    9000 + i % 1000, List.of(service(i)), 100, Map.of("zone", "z" + i % 3));
            pending.add(heartbeats.register(self).whenComplete((Lease lease, Throwable failure) -> {
                inFlight.release();
                if (failure != null) {
                    throw new IllegalStateException("registering instance " + instance + " failed", failure);
                }
                ids[instance] = lease.id();
                lastSent.set(instance, System.nanoTime());
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    }

    /** Sends each instance's heartbeat when it is due: instance i at i × 5 s / N past each 5 s period. */
    private void heartbeatLoop() {
        long step = INTERVAL.toNanos() / instances;
        long start = System.nanoTime();
        for (long k = 0; running; k++) {
            long due = start + k * step;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int instance = (int) (k % instances);
            if (evicting.contains(instance)) {
                continue;
            }
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                return;
            }
            lastSent.set(instance, System.nanoTime());
            heartbeats.heartbeat(ids[instance]).whenComplete((renewed, failure) -> {
                inFlight.release();
                long micros = (System.nanoTime() - due) / 1_000;
                if (!measuring) {
                    return;
                }
                heartbeatMicros.recordValue(Math.max(0, micros));
                if (failure != null) {
                    heartbeatsFailed.incrementAndGet();
                } else if (!renewed) {
                    falseEvictions.incrementAndGet();
                }
            });
        }
    }

    private void park(String service, long index) {
        if (!running) {
            return;
        }
        watches.watch(service, index, Duration.ofSeconds(30)).whenComplete((snapshot, failure) -> {
            if (!running) {
                return;
            }
            if (failure != null) {
                if (measuring) {
                    watchErrors.incrementAndGet();
                }
                retries.schedule(() -> park(service, index), 1, TimeUnit.SECONDS);
                return;
            }
            if (snapshot.index() != index && measuring) {
                Long sentAt = changeSentAt.get(service);
                if (sentAt != null) {
                    wakeMicros.recordValue(Math.max(0, (System.nanoTime() - sentAt) / 1_000));
                }
            }
            park(service, snapshot.index());
        });
    }

    private void changeOnce(String service, boolean join) throws Exception {
        String id = "probe-" + service;
        changeSentAt.put(service, System.nanoTime());
        if (join) {
            heartbeats.register(new RegistryInstance(id, "10.250.0.1", 9999, List.of(service), 100, Map.of()))
                    .get(10, TimeUnit.SECONDS);
        } else {
            heartbeats.deregister(id).get(10, TimeUnit.SECONDS);
        }
    }

    /** Stops the heartbeats of some instances outside the watched services and times their eviction. */
    private CapacityResult.Eviction evictSome(int watchedServices) throws Exception {
        int first = Math.min(instances - 1, watchedServices * INSTANCES_PER_SERVICE);
        int count = Math.min(50, Math.max(1, instances - first));
        List<Integer> victims = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            victims.add(first + (int) ((long) i * (instances - first) / count));
        }
        evicting.addAll(victims);
        Map<Integer, Double> delays = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (delays.size() < victims.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            for (String service : victims.stream().map(CapacityCell::service).distinct().toList()) {
                Set<String> listed = ConcurrentHashMap.newKeySet();
                watches.instances(service).get(10, TimeUnit.SECONDS).instances().forEach(i -> listed.add(i.id()));
                long now = System.nanoTime();
                for (int victim : victims) {
                    if (service(victim).equals(service) && !delays.containsKey(victim) && !listed.contains(ids[victim])) {
                        delays.put(victim, (now - lastSent.get(victim)) / 1e9);
                    }
                }
            }
        }
        return new CapacityResult.Eviction(victims.size(), delays.size(),
                delays.values().stream().mapToDouble(d -> d).min().orElse(Double.NaN),
                delays.values().stream().mapToDouble(d -> d).max().orElse(Double.NaN));
    }
}
