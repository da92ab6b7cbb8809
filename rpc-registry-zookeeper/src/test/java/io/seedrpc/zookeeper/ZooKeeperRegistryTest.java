package io.seedrpc.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.discovery.Discovery;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.testing.NoLeakedThreads;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Registration and discovery against a real ZooKeeper server in this JVM. */
@ExtendWith(NoLeakedThreads.class)
@ExtendWith(NoLeakedZooKeeperClients.class)
class ZooKeeperRegistryTest {

    private static final String SERVICE_NODE = "/seedrpc/services/" + Provider.WHO;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private TestingServer server;
    private CuratorFramework raw;

    @BeforeEach
    void startServer() throws Exception {
        server = TestEnsembles.server();
        raw = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        raw.start();
        raw.blockUntilConnected();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        raw.close();
        server.close();
    }

    @Test
    void providersAppearAsEphemeralNodesAreCalledAndLeaveAtOnceOnClose() throws Exception {
        Consumer consumer = consumer();
        Provider a = provider("a");
        Provider b = provider("b");

        await().atMost(Duration.ofSeconds(10)).until(consumer::knownPorts,
                ports -> ports.equals(sorted(a.port(), b.port())));
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            servedBy.add(consumer.who.who());
        }
        assertThat(servedBy).containsExactlyInAnyOrder("a", "b");

        // The documented layout: /seedrpc/services/<service key>/<instance id>, ephemeral, the registry app's JSON.
        String id = UUID.nameUUIDFromBytes(("127.0.0.1:" + a.port()).getBytes(StandardCharsets.UTF_8)).toString();
        String node = SERVICE_NODE + "/" + id;
        Stat stat = raw.checkExists().forPath(node);
        assertThat(stat).as(node).isNotNull();
        assertThat(stat.getEphemeralOwner())
                .isEqualTo(a.connection.curator().getZookeeperClient().getZooKeeper().getSessionId());
        JsonNode json = JsonMapper.builder().build().readTree(raw.getData().forPath(node));
        assertThat(json.get("id").asString()).isEqualTo(id);
        assertThat(json.get("host").asString()).isEqualTo("127.0.0.1");
        assertThat(json.get("port").asInt()).isEqualTo(a.port());
        assertThat(json.get("weight").asInt()).isEqualTo(100);
        assertThat(json.get("services").get(0).asString()).isEqualTo(Provider.WHO);
        assertThat(json.get("metadata").get("name").asString()).isEqualTo("a");
        assertThat(a.registration.registeredPaths()).containsExactly(node);

        // Closing the registration deletes the node before it returns, while the server still serves: the order
        // an application shuts down in (deregister, then drain).
        a.registration.close();
        assertThat(raw.checkExists().forPath(node)).isNull();
        assertThat(a.server.isRunning()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(consumer::knownPorts, ports -> ports.equals(List.of(b.port())));
        for (int i = 0; i < 10; i++) {
            assertThat(consumer.who.who()).isEqualTo("b");
        }
    }

    @Test
    void aNewSubscriberGetsTheWholeListAsSoonAsTheCacheHasLoaded() throws Exception {
        Provider a = provider("a");
        Provider b = provider("b");
        // The service's parent node appears with the first registration, which runs in the background.
        await().atMost(Duration.ofSeconds(10)).ignoreException(KeeperException.NoNodeException.class)
                .until(() -> raw.getChildren().forPath(SERVICE_NODE).size() == 2);

        ZooKeeperConnection connection = closing(connection().build().start());
        ZooKeeperDiscovery discovery = closing(ZooKeeperDiscovery.builder(connection).build());
        CompletableFuture<List<Endpoint>> first =
                new CompletableFuture<>();
        discovery.subscribe(Provider.WHO, first::complete);
        List<Endpoint> endpoints = first.get(10, TimeUnit.SECONDS);
        assertThat(endpoints).extracting(e -> e.address().port()).containsExactlyInAnyOrder(a.port(), b.port());
        // An empty service answers too: its first list is empty, not missing.
        CompletableFuture<List<Endpoint>> none =
                new CompletableFuture<>();
        discovery.subscribe("com.acme.Nobody", none::complete);
        assertThat(none.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aProviderWhoseSessionExpiredRegistersAgainByItself() throws Exception {
        Consumer consumer = consumer();
        Provider a = provider("a");
        await().atMost(Duration.ofSeconds(10)).until(consumer::knownPorts, ports -> ports.equals(List.of(a.port())));
        String node = a.registration.registeredPaths().get(0);
        long firstSession = raw.checkExists().forPath(node).getEphemeralOwner();

        a.connection.curator().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();

        // The ensemble dropped the old session and its node; the recipe made a new one under the new session.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Stat stat = raw.checkExists().forPath(node);
            assertThat(stat).isNotNull();
            assertThat(stat.getEphemeralOwner()).isNotEqualTo(firstSession)
                    .isEqualTo(a.connection.curator().getZookeeperClient().getZooKeeper().getSessionId());
        });
        await().atMost(Duration.ofSeconds(5)).until(consumer::knownPorts, ports -> ports.equals(List.of(a.port())));
        assertThat(consumer.who.who()).isEqualTo("a");
    }

    @Test
    void malformedOversizedAndMisplacedNodesAreIgnoredAndTheRestStillServes() throws Exception {
        Provider a = provider("a");
        raw.create().creatingParentsIfNeeded().forPath(SERVICE_NODE + "/not-json", "{host".getBytes(StandardCharsets.UTF_8));
        raw.create().forPath(SERVICE_NODE + "/no-port", "{\"host\":\"10.0.0.9\"}".getBytes(StandardCharsets.UTF_8));
        raw.create().forPath(SERVICE_NODE + "/bad-weight",
                "{\"host\":\"10.0.0.9\",\"port\":9100,\"weight\":-5}".getBytes(StandardCharsets.UTF_8));
        raw.create().forPath(SERVICE_NODE + "/empty", new byte[0]);
        raw.create().forPath(SERVICE_NODE + "/huge", new byte[InstanceJson.MAX_BYTES + 1]);
        raw.create().creatingParentsIfNeeded().forPath(SERVICE_NODE + "/deep/deeper",
                "{\"host\":\"10.0.0.9\",\"port\":9100}".getBytes(StandardCharsets.UTF_8));

        Consumer consumer = consumer();
        await().atMost(Duration.ofSeconds(10)).until(consumer::knownPorts, ports -> ports.equals(List.of(a.port())));
        assertThat(consumer.who.who()).isEqualTo("a");

        // A bad node written later does not disturb what is known either.
        raw.create().forPath(SERVICE_NODE + "/later", "[]".getBytes(StandardCharsets.UTF_8));
        Provider b = provider("b");
        await().atMost(Duration.ofSeconds(10)).until(consumer::knownPorts,
                ports -> ports.equals(sorted(a.port(), b.port())));
    }

    @Test
    void aServiceWithMoreInstancesThanTheLimitHandsOnlyTheLimit() throws Exception {
        for (int i = 0; i < 5; i++) {
            raw.create().creatingParentsIfNeeded().forPath(SERVICE_NODE + "/instance-" + i,
                    ("{\"host\":\"10.0.0." + i + "\",\"port\":9100}").getBytes(StandardCharsets.UTF_8));
        }
        ZooKeeperConnection connection = closing(connection().build().start());
        ZooKeeperDiscovery discovery = closing(ZooKeeperDiscovery.builder(connection).maxInstancesPerService(3).build());
        CompletableFuture<List<Endpoint>> first = new CompletableFuture<>();
        discovery.subscribe(Provider.WHO, first::complete);
        assertThat(first.get(10, TimeUnit.SECONDS)).extracting(e -> e.address().host())
                .containsExactly("10.0.0.0", "10.0.0.1", "10.0.0.2");
    }

    @Test
    void withDigestCredentialsOnlyTheSameUserReadsOrDeletesTheNodes() throws Exception {
        Provider a = closing(Provider.start("a", connection().digest("orders", "s3cret")));
        Consumer consumer = closing(new Consumer(connection().digest("orders", "s3cret")));
        await().atMost(Duration.ofSeconds(10)).until(consumer::knownPorts, ports -> ports.equals(List.of(a.port())));
        assertThat(consumer.who.who()).isEqualTo("a");

        String node = a.registration.registeredPaths().get(0);
        assertThatThrownBy(() -> raw.getData().forPath(node)).isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> raw.delete().forPath(node)).isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> raw.getChildren().forPath(SERVICE_NODE))
                .isInstanceOf(KeeperException.NoAuthException.class);

        Consumer intruder = closing(new Consumer(connection().digest("orders", "guess")));
        assertThatThrownBy(intruder.who::who).isInstanceOfSatisfying(RpcException.class,
                e -> assertThat(e.status()).isEqualTo(StatusCode.NO_PROVIDER));
    }

    @Test
    void aNamespaceKeepsFleetsApartOnOneEnsemble() throws Exception {
        Provider a = closing(Provider.start("a", connection().namespace("team-a")));
        Consumer sameTeam = closing(new Consumer(connection().namespace("/team-a")));
        await().atMost(Duration.ofSeconds(10)).until(sameTeam::knownPorts, ports -> ports.equals(List.of(a.port())));
        assertThat(a.registration.registeredPaths().get(0)).startsWith("/team-a/services/" + Provider.WHO + "/");
        assertThat(raw.checkExists().forPath(a.registration.registeredPaths().get(0))).isNotNull();
        assertThat(raw.checkExists().forPath("/seedrpc")).isNull();
        assertThat(sameTeam.discovery.describe()).isEqualTo("zookeeper://" + server.getConnectString() + "/team-a");
    }

    @Test
    void nothingWaitsOnAnEnsembleThatDoesNotAnswer() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        ZooKeeperConnection.Builder nowhere = ZooKeeperConnection.builder("127.0.0.1:" + deadPort)
                .connectionTimeout(Duration.ofMillis(500));
        long start = System.nanoTime();
        Consumer consumer = new Consumer(nowhere, Duration.ofSeconds(2));
        assertThatThrownBy(consumer.who::who).isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.status()).isEqualTo(StatusCode.NO_PROVIDER);
            assertThat(e).hasMessageContaining("zookeeper://127.0.0.1:" + deadPort);
        });
        ZooKeeperConnection providerSide = nowhere.build().start();
        ZooKeeperRegistration registration = ZooKeeperRegistration.builder(
                        RegistryInstance.of("127.0.0.1", 9100, List.of(Provider.WHO)))
                .connection(providerSide).closeTimeout(Duration.ofMillis(500)).build();
        registration.start();
        registration.close();
        providerSide.close();
        consumer.close();
        // The call's own 2 s timeout, the close timeout and the connection timeout bound everything.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void badNamesAndLimitsAreRefusedWithTheNameAndTheReason() {
        assertThatThrownBy(() -> ZooKeeperConnection.builder(" "))
                .hasMessageContaining("connect string must name at least one host:port");
        assertThatThrownBy(() -> ZooKeeperConnection.builder("zk1:2181,zk2:2181/chroot"))
                .hasMessageContaining("'zk1:2181,zk2:2181/chroot' has a path; set the namespace instead");
        assertThatThrownBy(() -> ZooKeeperConnection.builder("zk1:2181,zk2:99999"))
                .hasMessageContaining("bad port in 'zk2:99999'");
        assertThatThrownBy(() -> ZooKeeperConnection.builder("zk1:2181,,zk3:2181"))
                .hasMessageContaining("empty or malformed host");
        assertThatThrownBy(() -> connection().namespace("a//b")).hasMessageContaining("namespace 'a//b'");
        assertThatThrownBy(() -> connection().digest("a:b", "x")).hasMessageContaining("must not be blank or contain ':'");

        ZooKeeperConnection zk = closing(connection().build().start());
        assertThatThrownBy(() -> ZooKeeperRegistration.builder(
                        RegistryInstance.of("127.0.0.1", 9100, List.of("com.acme.Orders", "com/acme/Orders")))
                .connection(zk).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("service key 'com/acme/Orders' cannot be a ZooKeeper node name");
        assertThatThrownBy(() -> ZooKeeperRegistration.builder(
                        new RegistryInstance("..", "127.0.0.1", 9100, List.of("x"), 100, Map.of()))
                .connection(zk).build())
                .hasMessageContaining("instance id '..' cannot be a ZooKeeper node name");

        ZooKeeperDiscovery discovery = closing(ZooKeeperDiscovery.builder(zk).maxServices(2).build());
        assertThatThrownBy(() -> discovery.subscribe("a/b", list -> { }))
                .hasMessageContaining("service key 'a/b'");
        discovery.subscribe("one", list -> { });
        Discovery.Subscription two = discovery.subscribe("two", list -> { });
        discovery.subscribe("two", list -> { });
        assertThatThrownBy(() -> discovery.subscribe("three", list -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already follows 2 services, its limit; cannot follow three");
        two.close();
        assertThat(discovery.followedServices()).isEqualTo(2);
    }

    private ZooKeeperConnection.Builder connection() {
        return ZooKeeperConnection.builder(server.getConnectString()).sessionTimeout(Duration.ofSeconds(5));
    }

    private Provider provider(String name) {
        return closing(Provider.start(name, connection()));
    }

    private Consumer consumer() {
        return closing(new Consumer(connection()));
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private static List<Integer> sorted(int... ports) {
        return java.util.Arrays.stream(ports).sorted().boxed().toList();
    }
}
