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
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * A load JVM of {@link ZooKeeperCell}: holds a bounded share of the simulated sessions, each a
 * {@link ZooKeeperConnection} of its own, so that the thousands of sessions of a cell (each with the ZooKeeper
 * client's and Curator's threads) are spread over several JVMs.
 *
 * <ul>
 *   <li>{@code providers}: sessions {@code from} to {@code to - 1} of {@code sessions}; instance {@code i} of
 *       {@code instances} is registered ({@link ZooKeeperRegistration}) on session {@code i % sessions}. Says
 *       {@code REGISTERED} once its registrations are started, all sessions connected. While measuring, it looks
 *       twice a second for sessions not connected.</li>
 *   <li>{@code watchers}: consumers {@code from} to {@code to - 1}, each a {@link ZooKeeperDiscovery} on a session
 *       of its own following one of ten services; says {@code WATCHING} once each has its first list. While
 *       measuring, it notes when each consumer is handed a list in which the probe instance came or went.</li>
 * </ul>
 *
 * <p>Commands on standard input: {@code measure} starts a window; {@code report <service>:<nanoTime>,...} ends it,
 * given when each change was made (the probe's, by the measuring JVM; {@link System#nanoTime()} is the machine's
 * monotonic clock on Linux, the same in every process), and is answered with {@code REPORT}: sessions seen
 * disconnected, the wake-up histogram, and this JVM's threads, resident memory and CPU time. The JVM exits when
 * its standard input ends ({@link ParentWatch}).
 *
 * <p>Arguments: connect string, session timeout in ms, {@code providers} or {@code watchers}, from, to, and for
 * providers the instance and session counts.
 */
public final class ZooKeeperLoad {

    static final String REGISTERED = "REGISTERED";
    static final String WATCHING = "WATCHING";
    static final String REPORT = "REPORT";
    static final int PROBE_PORT = 9999;

    private final String connectString;
    private final Duration sessionTimeout;
    private final List<ZooKeeperConnection> sessions = new ArrayList<>();
    private final Set<Integer> disconnected = ConcurrentHashMap.newKeySet();
    private final Queue<long[]> flips = new ConcurrentLinkedQueue<>();
    private final AtomicInteger loaded = new AtomicInteger();
    private final ScheduledExecutorService checker =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("capacity-check"));
    private volatile boolean measuring;

    private ZooKeeperLoad(String connectString, Duration sessionTimeout) {
        this.connectString = connectString;
        this.sessionTimeout = sessionTimeout;
    }

    public static void main(String[] args) {
        ZooKeeperLoad load = new ZooKeeperLoad(args[0], Duration.ofMillis(Long.parseLong(args[1])));
        ParentWatch.start(load::command);
        try {
            int from = Integer.parseInt(args[3]);
            int to = Integer.parseInt(args[4]);
            switch (args[2]) {
                case "providers" -> load.providers(from, to, Integer.parseInt(args[5]), Integer.parseInt(args[6]));
                case "watchers" -> load.watchers(from, to);
                default -> throw new IllegalArgumentException("providers or watchers, not " + args[2]);
            }
            load.checker.scheduleAtFixedRate(load::check, 500, 500, TimeUnit.MILLISECONDS);
        } catch (Exception | StackOverflowError e) {
            ChildMessages.send(System.out, ChildMessages.FAILED, e.toString().replace('\n', ' '));
        }
        // The JVM lives on in the sessions' daemon threads and the parent watch, until the input ends.
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void providers(int from, int to, int instances, int sessionCount) throws InterruptedException {
        connect(to - from);
        int registered = 0;
        for (int s = from; s < to; s++) {
            for (int i = s; i < instances; i += sessionCount) {
                ZooKeeperRegistration.builder(new RegistryInstance("load-" + i,
                                "10.1." + (i / 250) % 250 + "." + (i % 250 + 1), 9000 + i % 1000,
                                List.of(CapacityCell.service(i)), 100, Map.of("zone", "z" + i % 3)))
                        .connection(sessions.get(s - from)).build().start();
                registered++;
            }
        }
        ChildMessages.send(System.out, REGISTERED, Integer.toString(registered));
    }

    private void watchers(int from, int to) throws InterruptedException {
        connect(to - from);
        for (int w = from; w < to; w++) {
            int watched = w % ZooKeeperCell.WATCHED_SERVICES;
            Discovery discovery = ZooKeeperDiscovery.builder(sessions.get(w - from)).build();
            discovery.subscribe(ZooKeeperCell.watchedService(watched), new WakeRecorder(watched));
        }
        int count = to - from;
        awaitTrue(() -> loaded.get() >= count, Duration.ofMinutes(5), "every consumer's first list");
        ChildMessages.send(System.out, WATCHING, Integer.toString(count));
    }

    /**
     * Starts {@code count} sessions and waits for all of them to connect: registrations start on connected
     * sessions, because Curator's PersistentNode retries a create that fails for want of a connection at once,
     * on the same stack, and a few thousand sessions still connecting on a loaded machine ran that into a
     * StackOverflowError.
     */
    private void connect(int count) throws InterruptedException {
        for (int s = 0; s < count; s++) {
            sessions.add(ZooKeeperConnection.builder(connectString).sessionTimeout(sessionTimeout).build().start());
        }
        awaitTrue(() -> sessions.stream().allMatch(ZooKeeperConnection::isConnected), Duration.ofMinutes(5),
                "every session to connect");
    }

    private void check() {
        if (!measuring) {
            return;
        }
        for (int s = 0; s < sessions.size(); s++) {
            if (!sessions.get(s).isConnected()) {
                disconnected.add(s);
            }
        }
    }

    private void command(String line) {
        try {
            if (line.equals("measure")) {
                disconnected.clear();
                flips.clear();
                measuring = true;
            } else if (line.startsWith("report")) {
                measuring = false;
                ChildMessages.send(System.out, REPORT, report(line.substring("report".length()).strip()));
            }
        } catch (RuntimeException e) {
            ChildMessages.send(System.out, ChildMessages.FAILED, "command '" + line + "': " + e);
        }
    }

    /** {@code disc=<n> threads=<n> rssKiB=<n> cpuMs=<n> wakes=<base64 histogram of µs>}. */
    private String report(String changes) {
        Map<Integer, List<Long>> changedAt = new ConcurrentHashMap<>();
        if (!changes.isEmpty()) {
            for (String change : changes.split(",")) {
                String[] serviceAndTime = change.split(":");
                changedAt.computeIfAbsent(Integer.parseInt(serviceAndTime[0]), s -> new ArrayList<>())
                        .add(Long.parseLong(serviceAndTime[1]));
            }
        }
        Histogram wakes = new Histogram(3);
        for (long[] flip : flips) {
            // The change a list shows is the service's latest one made before the list was handed over.
            long latest = changedAt.getOrDefault((int) flip[0], List.of()).stream()
                    .mapToLong(Long::longValue).filter(t -> t <= flip[1]).max().orElse(-1);
            if (latest >= 0) {
                wakes.recordValue((flip[1] - latest) / 1_000);
            }
        }
        ByteBuffer buffer = ByteBuffer.allocate(wakes.getNeededByteBufferCapacity());
        int length = wakes.encodeIntoCompressedByteBuffer(buffer, 6);
        return "disc=" + disconnected.size() + " threads=" + ManagementFactory.getThreadMXBean().getThreadCount()
                + " rssKiB=" + residentKiB() + " cpuMs=" + CpuClock.self() / 1_000_000
                + " wakes=" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /** This process's resident memory ({@code VmRSS}), in KiB; -1 when {@code /proc} cannot tell. */
    private static long residentKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return -1;
    }

    static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + timeout + " for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** One consumer: notes each list in which the probe came or went. */
    private final class WakeRecorder implements Consumer<List<Endpoint>> {

        private final int watched;
        private boolean first = true;
        private boolean probeSeen;

        WakeRecorder(int watched) {
            this.watched = watched;
        }

        @Override
        public synchronized void accept(List<Endpoint> endpoints) {
            long now = System.nanoTime();
            boolean probe = endpoints.stream().anyMatch(endpoint -> endpoint.address().port() == PROBE_PORT);
            if (first) {
                first = false;
                probeSeen = probe;
                loaded.incrementAndGet();
                return;
            }
            if (probe != probeSeen) {
                probeSeen = probe;
                if (measuring) {
                    flips.add(new long[] {watched, now});
                }
            }
        }
    }
}
