package io.seedrpc.registry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedrpc.registry.HeartbeatSender;
import io.seedrpc.registry.InstanceInfo;
import io.seedrpc.registry.InstancesSnapshot;
import io.seedrpc.registry.RegistryClient;
import io.seedrpc.registry.RegistryInstance;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A registry that restarts forgets everything; the heartbeat sender registers again on its own. */
class RegistryRestartTest {

    private RunningRegistry registry;

    @AfterEach
    void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theHeartbeatSenderRegistersAgainWithARestartedRegistry() throws Exception {
        int port = RunningRegistry.freePort();
        registry = RunningRegistry.startOnPort(port);
        RegistryClient client = RegistryClient.create(registry.uri());
        RegistryInstance instance = RegistryInstance.of("127.0.0.1", 9300, List.of("com.acme.Restarted"));

        try (HeartbeatSender sender = HeartbeatSender.builder(instance)
                .registry(registry.uri())
                .interval(Duration.ofMillis(200))
                .initialBackoff(Duration.ofMillis(100))
                .maxBackoff(Duration.ofMillis(400))
                .build()) {
            sender.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> listed(client).size() == 1);
            String id = listed(client).get(0).id();

            registry.close();
            registry = null;
            Thread.sleep(500); // long enough for a few heartbeats to fail against the closed port
            registry = RunningRegistry.startOnPort(port);

            await().atMost(Duration.ofSeconds(5)).until(() -> listed(client).size() == 1);
            assertThat(listed(client).get(0).id()).as("the same stable id").isEqualTo(id);
            assertThat(sender.registeredIds()).containsValue(id);
        }
    }

    @Test
    void stoppingAnswersParkedQueriesInsteadOfWaitingForThem() throws Exception {
        registry = RunningRegistry.start();
        RegistryClient client = RegistryClient.create(registry.uri());
        CompletableFuture<InstancesSnapshot> watch = client.watch("com.acme.Quiet", 0, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.waitingQueries() == 1);

        long started = System.nanoTime();
        registry.close();
        registry = null;

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(watch.get(5, TimeUnit.SECONDS).instances()).isEmpty();
    }

    private static List<InstanceInfo> listed(RegistryClient client) throws Exception {
        return client.instances("com.acme.Restarted").get(5, TimeUnit.SECONDS).instances();
    }
}
