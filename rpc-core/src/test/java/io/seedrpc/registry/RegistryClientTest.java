package io.seedrpc.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedrpc.registry.api.InstanceInfo;
import io.seedrpc.registry.api.InstancesSnapshot;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.registry.api.ServiceCount;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryClientTest {

    private FakeRegistry registry;
    private RegistryClient client;

    @BeforeEach
    void start() throws Exception {
        registry = new FakeRegistry();
        client = RegistryClient.builder(URI.create(registry.uri() + "/")).authToken("s3cret").build();
    }

    @AfterEach
    void stop() throws Exception {
        registry.close();
    }

    @Test
    void registersAndTellsNewFromRefreshed() throws Exception {
        RegistryInstance instance = new RegistryInstance("p-1", "10.0.0.5", 9100, List.of("com.acme.Orders:2.0"),
                100, Map.of("zone", "a"));

        Lease first = await(client.register(instance));
        Lease second = await(client.register(instance));

        assertThat(first).isEqualTo(new Lease("p-1", Duration.ofSeconds(15), true));
        assertThat(second.created()).isFalse();
        assertThat(registry.requests).containsExactly("POST /api/v1/instances", "POST /api/v1/instances");
        assertThat(registry.bodies.get(0)).contains("\"host\":\"10.0.0.5\"", "\"port\":9100",
                "\"services\":[\"com.acme.Orders:2.0\"]", "\"metadata\":{\"zone\":\"a\"}");
        assertThat(registry.authorizations).containsOnly("Bearer s3cret");
    }

    @Test
    void heartbeatTellsAnUnknownIdApart() throws Exception {
        registry.known.add("p-1");

        assertThat(await(client.heartbeat("p-1"))).isTrue();
        assertThat(await(client.heartbeat("p-2"))).isFalse();
        assertThat(registry.requests).containsExactly("PUT /api/v1/instances/p-1/heartbeat",
                "PUT /api/v1/instances/p-2/heartbeat");
    }

    @Test
    void deregisters() throws Exception {
        registry.known.add("p-1");

        await(client.deregister("p-1"));

        assertThat(registry.known).isEmpty();
        assertThat(registry.requests).containsExactly("DELETE /api/v1/instances/p-1");
    }

    @Test
    void listsServicesAndInstances() throws Exception {
        registry.instancesAnswer = "{\"index\":7,\"instances\":[{\"id\":\"p-1\",\"host\":\"h\",\"port\":1,"
                + "\"weight\":5,\"metadata\":{\"zone\":\"a\"},\"lastHeartbeatMs\":42,\"addedLater\":true}]}";

        assertThat(await(client.services())).containsExactly(new ServiceCount("a.B", 2));
        InstancesSnapshot snapshot = await(client.instances("com.acme.Orders:2.0"));

        assertThat(snapshot.index()).isEqualTo(7);
        assertThat(snapshot.instances()).containsExactly(
                new InstanceInfo("p-1", "h", 1, List.of(), 5, Map.of("zone", "a"), 42));
        assertThat(registry.requests).contains("GET /api/v1/services/com.acme.Orders%3A2.0/instances");
    }

    @Test
    void watchSendsIndexAndWait() throws Exception {
        await(client.watch("a.B", 12, Duration.ofMillis(1500)));

        assertThat(registry.requests).containsExactly("GET /api/v1/services/a.B/instances?index=12&wait=1500ms");
    }

    @Test
    void errorsNameTheUrlTheStatusAndTheRegistrysMessage() {
        registry.mode = FakeRegistry.Mode.FAIL_503;

        assertThatThrownBy(() -> await(client.heartbeat("p-1")))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.uri()).isEqualTo(URI.create(registry.uri() + "/api/v1/instances/p-1/heartbeat"));
                })
                .hasMessage("PUT " + registry.uri() + "/api/v1/instances/p-1/heartbeat answered 503: "
                        + "down for maintenance");
    }

    @Test
    void anUnreadableAnswerIsAnError() {
        registry.mode = FakeRegistry.Mode.GARBAGE;

        assertThatThrownBy(() -> await(client.services()))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("GET " + registry.uri() + "/api/v1/services answered 200: unreadable answer");
    }

    @Test
    void anUnreachableRegistryFailsNamingTheUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RegistryClient unreachable = RegistryClient.create(URI.create("http://127.0.0.1:" + closedPort));

        assertThatThrownBy(() -> await(unreachable.services()))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.status()).isEqualTo(RegistryException.NO_RESPONSE))
                .hasMessageStartingWith("GET http://127.0.0.1:" + closedPort + "/api/v1/services failed: ");
    }

    @Test
    void aSlowRegistryTimesOut() {
        registry.mode = FakeRegistry.Mode.SLOW;
        RegistryClient impatient = RegistryClient.builder(registry.uri())
                .requestTimeout(Duration.ofMillis(300))
                .build();

        long started = System.nanoTime();
        assertThatThrownBy(() -> await(impatient.heartbeat("p-1")))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void rejectsABaseUrlWithoutHost() {
        assertThatThrownBy(() -> RegistryClient.create(URI.create("registry:8600")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scheme and a host");
    }

    /** Waits boundedly and unwraps, so that assertions see the client's own exception. */
    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
