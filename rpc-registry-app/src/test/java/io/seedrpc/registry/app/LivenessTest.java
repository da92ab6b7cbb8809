package io.seedrpc.registry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedrpc.registry.HeartbeatSender;
import io.seedrpc.registry.Lease;
import io.seedrpc.registry.RegistryClient;
import io.seedrpc.registry.api.InstanceInfo;
import io.seedrpc.registry.api.InstancesSnapshot;
import io.seedrpc.registry.api.RegistryInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry with a 1 s TTL and a 200 ms sweep, driven by the core's registry client and heartbeat sender:
 * liveness, eviction, and blocking queries that wake on changes.
 */
class LivenessTest {

    private static final Duration TTL = Duration.ofSeconds(1);
    private static final Duration SWEEP = Duration.ofMillis(200);
    /** Scheduling and HTTP slack on a busy two-core machine. */
    private static final Duration SLACK = Duration.ofMillis(400);

    private static RunningRegistry registry;
    private static RegistryClient client;

    @BeforeAll
    static void startRegistry() {
        registry = RunningRegistry.start("rpc.registry.instance-ttl=1s", "rpc.registry.sweep-interval=200ms");
        client = RegistryClient.create(registry.uri());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @BeforeEach
    void emptyRegistry() {
        registry.clear();
    }

    @Test
    void aRegisteredInstanceIsListed() throws Exception {
        Lease lease = get(client.register(new RegistryInstance("p-1", "127.0.0.1", 9100,
                List.of("com.acme.Orders"), 7, Map.of("zone", "a"))));

        InstancesSnapshot snapshot = get(client.instances("com.acme.Orders"));

        assertThat(lease.ttl()).isEqualTo(TTL);
        assertThat(snapshot.instances()).singleElement().satisfies(instance -> {
            assertThat(instance.id()).isEqualTo("p-1");
            assertThat(instance.weight()).isEqualTo(7);
            assertThat(instance.metadata()).containsEntry("zone", "a");
            assertThat(instance.services()).containsExactly("com.acme.Orders");
        });
    }

    @Test
    void heartbeatsKeepAnInstanceListedPastItsTtl() throws Exception {
        try (HeartbeatSender sender = HeartbeatSender.builder(instance(9101))
                .registry(registry.uri())
                .interval(Duration.ofMillis(200))
                .build()) {
            sender.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> ids("com.acme.Orders").contains("p-9101"));

            // Watched for two TTLs, not looked at once after them: listed throughout.
            await().during(TTL.multipliedBy(2)).atMost(TTL.multipliedBy(2).plus(Duration.ofSeconds(5)))
                    .pollInterval(Duration.ofMillis(20)).until(() -> ids("com.acme.Orders").contains("p-9101"));
        }
        assertThat(ids("com.acme.Orders")).as("closing deregisters").doesNotContain("p-9101");
    }

    @Test
    void anInstanceThatStopsHeartbeatingIsEvictedWithinTtlPlusOneSweep() throws Exception {
        // One registration and then silence, as from a provider that crashed without deregistering.
        get(client.register(instance(9102)));
        long lastHeard = System.nanoTime();

        await().atMost(TTL.plus(SWEEP).plus(SLACK)).pollInterval(Duration.ofMillis(20))
                .until(() -> !ids("com.acme.Orders").contains("p-9102"));
        Duration gone = Duration.ofNanos(System.nanoTime() - lastHeard);

        assertThat(gone).as("not before its TTL").isGreaterThanOrEqualTo(TTL.minus(Duration.ofMillis(50)));
        assertThat(get(client.heartbeat("p-9102"))).as("the registry forgot it").isFalse();
    }

    @Test
    void aBlockedWatcherWakesOnARegistrationNotWhenItsWaitEnds() throws Exception {
        long index = get(client.instances("com.acme.Watched")).index();
        Duration wait = Duration.ofSeconds(60);
        CompletableFuture<InstancesSnapshot> watch = client.watch("com.acme.Watched", index, wait);
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.waitingQueries() == 1);
        assertThat(watch).isNotDone();

        long registered = System.nanoTime();
        get(client.register(new RegistryInstance("w-1", "127.0.0.1", 9200, List.of("com.acme.Watched"), 100, null)));
        // Woken well before the wait ends: the registration released it. (A bound of one second was what a
        // quiet machine shows, and failed on a loaded CI machine at 1.1 s.)
        InstancesSnapshot woken = watch.get(wait.toSeconds() / 3, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - registered)).isLessThan(wait.dividedBy(3));
        assertThat(woken.index()).isGreaterThan(index);
        assertThat(woken.instances()).extracting(InstanceInfo::id).containsExactly("w-1");
        assertThat(registry.waitingQueries()).isZero();
    }

    @Test
    void aBlockedWatcherWakesWithinASecondOfAnEviction() throws Exception {
        get(client.register(new RegistryInstance("w-2", "127.0.0.1", 9201, List.of("com.acme.Evicted"), 100, null)));
        long registered = System.nanoTime();
        long index = get(client.instances("com.acme.Evicted")).index();

        InstancesSnapshot woken = client.watch("com.acme.Evicted", index, Duration.ofSeconds(20))
                .get(10, TimeUnit.SECONDS);
        long wokenAt = System.nanoTime();

        assertThat(woken.instances()).isEmpty();
        // Evicted at most one sweep after the TTL ran out; the watcher must hear of it within a second of that.
        Duration sinceExpiry = Duration.ofNanos(wokenAt - registered).minus(TTL);
        assertThat(sinceExpiry).isLessThan(SWEEP.plus(Duration.ofSeconds(1)));
    }

    @Test
    void aWatcherOfAnUnchangedServiceHearsBackWhenItsWaitEnds() throws Exception {
        get(client.register(new RegistryInstance("w-3", "127.0.0.1", 9202, List.of("com.acme.Quiet"), 100, null)));
        long index = get(client.instances("com.acme.Quiet")).index();

        long started = System.nanoTime();
        InstancesSnapshot answer = get(client.watch("com.acme.Quiet", index, Duration.ofMillis(300)));

        assertThat(answer.index()).isEqualTo(index);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
        assertThat(registry.waitingQueries()).isZero();
    }

    private static RegistryInstance instance(int port) {
        return new RegistryInstance("p-" + port, "127.0.0.1", port, List.of("com.acme.Orders"), 100, null);
    }

    private static List<String> ids(String service) throws Exception {
        return get(client.instances(service)).instances().stream().map(InstanceInfo::id).toList();
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }
}
