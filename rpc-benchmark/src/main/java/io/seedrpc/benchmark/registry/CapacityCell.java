package io.seedrpc.benchmark.registry;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.seedrpc.benchmark.CpuClock;
import io.seedrpc.internal.DaemonThreads;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
 *       heartbeat's answer to the first listing without them (TTL 15 s plus the sweep, plus 200 ms of
 *       polling).</li>
 * </ul>
 *
 * <p>The load is plain HTTP/1.1 on one Netty event loop: registrations, heartbeats and listings share a bounded
 * pool of keep-alive connections ({@link KeepAliveConnections}), as providers' pooled clients would, and every
 * watcher holds a connection of its own, as a parked blocking query does. A first version sent everything
 * through the JDK's {@code HttpClient} and could not send more than ~1,300 heartbeats a second here.
 */
final class CapacityCell implements AutoCloseable {

    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(10);
    private static final Duration WATCH_WAIT = Duration.ofSeconds(30);
    private static final int WATCHED_SERVICES = 10;
    private static final int INSTANCES_PER_SERVICE = 10;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventLoopGroup loop;
    private final Bootstrap bootstrap;
    private final InetSocketAddress address;
    private final KeepAliveConnections pool;
    private final List<KeepAliveConnection> watchConnections = new ArrayList<>();
    private final int instances;
    private final int watchers;
    private final Semaphore inFlight;
    private final AtomicReferenceArray<String> ids;
    private final AtomicLongArray lastAnswered;
    private final Set<Integer> evicting = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> changeSentAt = new ConcurrentHashMap<>();
    private final ConcurrentHistogram heartbeatMicros = new ConcurrentHistogram(3);
    private final ConcurrentHistogram wakeMicros = new ConcurrentHistogram(3);
    private final AtomicLong heartbeatsFailed = new AtomicLong();
    private final AtomicLong falseEvictions = new AtomicLong();
    private final AtomicLong watchErrors = new AtomicLong();
    private final ScheduledExecutorService retries =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("capacity-retries"));
    private volatile boolean running = true;
    private volatile boolean measuring;

    CapacityCell(RegistryProcess registry, int instances, int watchers, int inFlight, int connections) {
        this.loop = new MultiThreadIoEventLoopGroup(1, DaemonThreads.named("capacity-io"),
                NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class);
        this.address = new InetSocketAddress(registry.uri().getHost(), registry.uri().getPort());
        this.pool = new KeepAliveConnections(bootstrap, address, connections, REQUEST_LIMIT);
        this.instances = instances;
        this.watchers = watchers;
        this.inFlight = new Semaphore(inFlight);
        this.ids = new AtomicReferenceArray<>(instances);
        this.lastAnswered = new AtomicLongArray(instances);
    }

    static String service(int instance) {
        return "load.Service" + (instance / INSTANCES_PER_SERVICE);
    }

    CapacityResult run(RegistryProcess registry, Duration warmup, Duration window) throws Exception {
        long overflowsAtStart = ListenOverflows.now();
        // Heartbeats start with the registrations, as each provider's does after its own: an instance registered
        // early must not wait for the last one's registration, or a registration slower than the TTL (a loaded
        // machine) has the first instances evicted before their first heartbeat.
        Thread dispatcher = new Thread(this::heartbeatLoop, "capacity-heartbeats");
        dispatcher.setDaemon(true);
        dispatcher.start();
        long registerStart = System.nanoTime();
        registerAll();
        double registerSeconds = (System.nanoTime() - registerStart) / 1e9;
        List<String> watched = new ArrayList<>();
        for (int s = 0; s < Math.min(WATCHED_SERVICES, (instances + INSTANCES_PER_SERVICE - 1) / INSTANCES_PER_SERVICE);
             s++) {
            watched.add(service(s * INSTANCES_PER_SERVICE));
        }
        for (int w = 0; w < watchers; w++) {
            String service = watched.get(w % watched.size());
            KeepAliveConnection connection = new KeepAliveConnection(bootstrap, address);
            watchConnections.add(connection);
            park(connection, service, 0);
        }
        Thread.sleep(warmup.toMillis());

        heartbeatMicros.reset();
        wakeMicros.reset();
        heartbeatsFailed.set(0);
        falseEvictions.set(0);
        watchErrors.set(0);
        long cpuStart = registry.jvm().cpuNanos();
        long loadCpuStart = CpuClock.self();
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
        long cpuEnd = registry.jvm().cpuNanos();
        long loadCpuEnd = CpuClock.self();
        long wall = System.nanoTime() - windowStart;
        long overflows = ListenOverflows.between(overflowsAtStart, ListenOverflows.now());
        long heartbeatCount = heartbeatMicros.getTotalCount();
        CapacityResult.Latency heartbeat = CapacityResult.Latency.of(heartbeatMicros);
        CapacityResult.Latency wake = CapacityResult.Latency.of(wakeMicros);
        long failed = heartbeatsFailed.get();
        long falseEvicted = falseEvictions.get();
        long watchFailed = watchErrors.get();
        long heap = registry.jvm().heapAfterGc();

        CapacityResult.Eviction eviction = evictSome(watched.size());
        running = false;
        dispatcher.interrupt();
        dispatcher.join(10_000);
        return new CapacityResult(instances, watchers, registerSeconds, heartbeatCount * 1e9 / wall, heartbeat,
                failed, falseEvicted, wake, watchFailed, eviction,
                CpuClock.percent(cpuStart, cpuEnd, wall),
                cpuStart < 0 || cpuEnd < 0 || heartbeatCount == 0 ? Double.NaN
                        : (cpuEnd - cpuStart) / 1e3 / heartbeatCount, heap, CpuClock.percent(loadCpuStart, loadCpuEnd, wall),
                overflows);
    }

    private void registerAll() throws Exception {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            int instance = i;
            inFlight.acquire();
            byte[] body = registration("load-" + i, "10.1." + (i / 250) % 250 + "." + (i % 250 + 1), 9000 + i % 1000,
                    service(i), "z" + i % 3);
            pending.add(pool.send(HttpMethod.POST, "/api/v1/instances", body).whenComplete((answer, failure) -> {
                inFlight.release();
                if (failure != null || answer.status() != 201) {
                    throw new IllegalStateException("registering instance " + instance + " failed: "
                            + (failure != null ? failure : answer), failure);
                }
                ids.set(instance, JSON.readTree(answer.body()).get("id").asString());
                lastAnswered.set(instance, System.nanoTime());
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    }

    private static byte[] registration(String id, String host, int port, String service, String zone) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("host", host);
        body.put("port", port);
        body.put("services", List.of(service));
        body.put("weight", 100);
        body.put("metadata", zone == null ? Map.of() : Map.of("zone", zone));
        return JSON.writeValueAsBytes(body);
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
            String id = ids.get(instance);
            if (id == null || evicting.contains(instance)) {
                continue;   // not registered yet, or stopped on purpose
            }
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                return;
            }
            pool.send(HttpMethod.PUT, "/api/v1/instances/" + id + "/heartbeat", null)
                    .whenComplete((answer, failure) -> {
                        inFlight.release();
                        long now = System.nanoTime();
                        if (failure == null && answer.status() == 200) {
                            lastAnswered.set(instance, now);
                        }
                        if (!measuring) {
                            return;
                        }
                        heartbeatMicros.recordValue(Math.max(0, (now - due) / 1_000));
                        if (failure != null || (answer.status() != 200 && answer.status() != 404)) {
                            heartbeatsFailed.incrementAndGet();
                        } else if (answer.status() == 404) {
                            falseEvictions.incrementAndGet();
                        }
                    });
        }
    }

    private void park(KeepAliveConnection connection, String service, long index) {
        if (!running) {
            return;
        }
        connection.send(HttpMethod.GET, "/api/v1/services/" + service + "/instances?index=" + index + "&wait="
                        + WATCH_WAIT.toMillis() + "ms", null, WATCH_WAIT.plus(REQUEST_LIMIT))
                .whenComplete((answer, failure) -> {
                    if (!running) {
                        return;
                    }
                    if (failure != null || answer.status() != 200) {
                        if (measuring) {
                            watchErrors.incrementAndGet();
                        }
                        retries.schedule(() -> park(connection, service, index), 1, TimeUnit.SECONDS);
                        return;
                    }
                    long now = System.nanoTime();
                    long newIndex = JSON.readTree(answer.body()).get("index").asLong();
                    // The first answer (index 0) only fetches the current index.
                    if (index != 0 && newIndex != index && measuring) {
                        Long sentAt = changeSentAt.get(service);
                        if (sentAt != null) {
                            wakeMicros.recordValue(Math.max(0, (now - sentAt) / 1_000));
                        }
                    }
                    park(connection, service, newIndex);
                });
    }

    private void changeOnce(String service, boolean join) throws Exception {
        String id = "probe-" + service;
        changeSentAt.put(service, System.nanoTime());
        KeepAliveConnection.Answer answer = (join
                ? pool.send(HttpMethod.POST, "/api/v1/instances", registration(id, "10.250.0.1", 9999, service, null))
                : pool.send(HttpMethod.DELETE, "/api/v1/instances/" + id, null))
                .get(REQUEST_LIMIT.toSeconds() * 2, TimeUnit.SECONDS);
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("the probe change of " + service + " failed: " + answer);
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
                Set<String> listed = listed(service);
                long now = System.nanoTime();
                for (int victim : victims) {
                    if (service(victim).equals(service) && !delays.containsKey(victim)
                            && !listed.contains(ids.get(victim))) {
                        delays.put(victim, (now - lastAnswered.get(victim)) / 1e9);
                    }
                }
            }
        }
        return new CapacityResult.Eviction(victims.size(), delays.size(),
                delays.values().stream().mapToDouble(d -> d).min().orElse(Double.NaN),
                delays.values().stream().mapToDouble(d -> d).max().orElse(Double.NaN));
    }

    private Set<String> listed(String service) throws Exception {
        KeepAliveConnection.Answer answer = pool.send(HttpMethod.GET, "/api/v1/services/" + service + "/instances",
                null).get(REQUEST_LIMIT.toSeconds() * 2, TimeUnit.SECONDS);
        Set<String> listed = ConcurrentHashMap.newKeySet();
        for (JsonNode instance : JSON.readTree(answer.body()).get("instances")) {
            listed.add(instance.get("id").asString());
        }
        return listed;
    }

    @Override
    public void close() {
        running = false;
        retries.shutdownNow();
        watchConnections.forEach(KeepAliveConnection::close);
        pool.close();
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
