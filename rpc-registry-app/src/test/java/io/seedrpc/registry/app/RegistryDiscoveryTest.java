package io.seedrpc.registry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.discovery.Discovery;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.registry.HeartbeatSender;
import io.seedrpc.registry.RegistryDiscovery;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.server.RpcServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The core's registry-backed discovery against the real registry application. */
class RegistryDiscoveryTest {

    /**
     * The discovery's blocking queries wait 30 s: a change seen within a third of that was pushed by a woken
     * query, not picked up when a wait ran out. A third leaves room for a loaded CI machine (1 s did not).
     */
    private static final Duration PUSHED = Duration.ofSeconds(10);

    /** A service for the end-to-end case. */
    public interface Greeter {
        String greet(String name);
    }

    private RunningRegistry registry;

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static HeartbeatSender heartbeat(RunningRegistry registry, int port, String service) {
        HeartbeatSender sender = HeartbeatSender.builder(RegistryInstance.of("127.0.0.1", port, List.of(service)))
                .registry(registry.uri())
                .interval(Duration.ofMillis(200))
                // Bounded well below the waits below: with the default (doubling up to 30 s) a sender that failed
                // through an outage made longer by a loaded machine could sleep past the 5 s wait for its return.
                .initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(400))
                .build();
        sender.start();
        return sender;
    }

    @Test
    void subscribersHearOfJoinsAndLeavesLongBeforeTheirWaitEnds() throws Exception {
        registry = RunningRegistry.start();
        List<List<Endpoint>> updates = new CopyOnWriteArrayList<>();
        try (RegistryDiscovery discovery = RegistryDiscovery.builder().registry(registry.uri()).build();
             Discovery.Subscription subscription = discovery.subscribe("com.acme.Joins", updates::add)) {
            await().atMost(PUSHED).until(() -> updates.size() == 1);
            assertThat(updates.get(0)).isEmpty();
            await().atMost(PUSHED).until(() -> registry.waitingQueries() == 1);

            long joined = System.nanoTime();
            HeartbeatSender first = heartbeat(registry, 9401, "com.acme.Joins");
            await().atMost(PUSHED).until(() -> last(updates).size() == 1);
            HeartbeatSender second = heartbeat(registry, 9402, "com.acme.Joins");
            await().atMost(PUSHED).until(() -> last(updates).size() == 2);
            assertThat(last(updates)).extracting(e -> e.address().port()).containsExactlyInAnyOrder(9401, 9402);
            assertThat(Duration.ofNanos(System.nanoTime() - joined)).isLessThan(PUSHED);

            second.close();
            await().atMost(PUSHED).until(() -> last(updates).size() == 1);
            first.close();
            await().atMost(PUSHED).until(() -> last(updates).isEmpty());
        }
    }

    @Test
    void anRpcClientFindsProvidersThroughTheRegistry() throws Exception {
        registry = RunningRegistry.start();
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).build()
                .addService(Greeter.class, name -> "hello " + name).start();
             HeartbeatSender sender = heartbeat(registry, server.port(), Greeter.class.getName());
             RegistryDiscovery discovery = RegistryDiscovery.builder().registry(registry.uri()).build();
             RpcClient client = RpcClient.builder().discovery(discovery).build()) {
            Greeter greeter = client.proxy(ReferenceConfig.of(Greeter.class));
            await().atMost(PUSHED).ignoreExceptions().until(() -> greeter.greet("ada").equals("hello ada"));
        }
    }

    @Test
    void theLastKnownListOutlivesARegistryOutageWhichIsLoggedOnce() throws Exception {
        int port = RunningRegistry.freePort();
        registry = RunningRegistry.startOnPort(port);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger watchLog = (Logger) LoggerFactory.getLogger("io.seedrpc.registry.ServiceWatch");
        watchLog.addAppender(logs);
        List<List<Endpoint>> updates = new CopyOnWriteArrayList<>();
        try (HeartbeatSender sender = heartbeat(registry, 9403, "com.acme.Outage");
             RegistryDiscovery discovery = RegistryDiscovery.builder().registry(registry.uri())
                     .backoff(Duration.ofMillis(50), Duration.ofMillis(200)).build();
             Discovery.Subscription subscription = discovery.subscribe("com.acme.Outage", updates::add)) {
            await().atMost(Duration.ofSeconds(3)).until(() -> !updates.isEmpty() && last(updates).size() == 1);
            int before = updates.size();

            registry.close();
            registry = null;
            // The watch's queries during the outage are counted: judged after several retries, not after a sleep.
            try (DownRegistry down = new DownRegistry(port)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> down.requestLines().stream()
                        .filter(line -> line.startsWith("GET /api/v1/services/com.acme.Outage/instances")).count() >= 4);
            }
            assertThat(updates).as("no update while the registry is down").hasSize(before);
            assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.WARN))
                    .as("the outage is logged once, not per retry").hasSize(1);

            // Starting an application resets logging, so the watch's recovery is checked by what it delivers.
            registry = RunningRegistry.startOnPort(port);
            try (HeartbeatSender newcomer = heartbeat(registry, 9404, "com.acme.Outage")) {
                await().atMost(Duration.ofSeconds(5)).until(() -> last(updates).size() == 2);
                assertThat(last(updates)).extracting(e -> e.address().port()).containsExactlyInAnyOrder(9403, 9404);
            }
        } finally {
            watchLog.detachAppender(logs);
        }
    }

    private static List<Endpoint> last(List<List<Endpoint>> updates) {
        return updates.isEmpty() ? List.of() : updates.get(updates.size() - 1);
    }
}
