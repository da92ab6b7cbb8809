package io.seedrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedrpc.discovery.Discovery;
import io.seedrpc.registry.RegistryDiscovery;
import io.seedrpc.spring.actuate.RpcHealthIndicator;
import io.seedrpc.spring.diagnostics.RpcStartupFailureAnalyzer;
import io.seedrpc.spring.fixture.GreeterImpl;
import io.seedrpc.spring.registry.RegistryRegistration;
import io.seedrpc.spring.zookeeper.ZooKeeperServerRegistration;
import io.seedrpc.testing.NoLeakedThreads;
import io.seedrpc.zookeeper.ZooKeeperConnection;
import io.seedrpc.zookeeper.ZooKeeperDiscovery;
import java.time.Duration;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code rpc.registry.addresses=zookeeper://…} against a real ZooKeeper server in this JVM. */
@ExtendWith(NoLeakedThreads.class)
class RpcZooKeeperAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RpcSerializationAutoConfiguration.class,
                    RpcServerAutoConfiguration.class, RpcRegistrationAutoConfiguration.class,
                    RpcZooKeeperAutoConfiguration.class, RpcDiscoveryAutoConfiguration.class,
                    RpcClientAutoConfiguration.class, RpcHealthContributorAutoConfiguration.class))
            .withPropertyValues("rpc.server.host=127.0.0.1", "rpc.server.port=0");

    private TestingServer zooKeeper;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zooKeeper = new TestingServer(true);
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zooKeeper.close();
    }

    @Test
    void theZooKeeperSchemeChoosesZooKeeperForRegistrationAndDiscovery() {
        runner.withUserConfiguration(GreeterImpl.class)
                .withPropertyValues("rpc.registry.addresses=zookeeper://" + zooKeeper.getConnectString()
                                + ",127.0.0.1:1",
                        "rpc.registry.zookeeper.session-timeout=7s", "rpc.registry.zookeeper.namespace=/shop")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ZooKeeperConnection connection = context.getBean(ZooKeeperConnection.class);
                    assertThat(connection.describe())
                            .isEqualTo("zookeeper://" + zooKeeper.getConnectString() + ",127.0.0.1:1/shop");
                    assertThat(connection.sessionTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(context.getBean(Discovery.class)).isInstanceOf(ZooKeeperDiscovery.class);
                    assertThat(context).hasSingleBean(ZooKeeperServerRegistration.class)
                            .doesNotHaveBean(RegistryRegistration.class).doesNotHaveBean(RegistryDiscovery.class);
                    assertThat(context.getBean(RpcProperties.class).getRegistry().getAddresses())
                            .containsExactly("zookeeper://" + zooKeeper.getConnectString() + ",127.0.0.1:1");
                });
    }

    @Test
    void httpAddressesStayWithTheRegistryApp() {
        runner.withUserConfiguration(GreeterImpl.class)
                .withPropertyValues("rpc.registry.addresses=http://127.0.0.1:1,https://127.0.0.1:2")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ZooKeeperConnection.class)
                            .hasSingleBean(RegistryRegistration.class);
                    assertThat(context.getBean(Discovery.class)).isInstanceOf(RegistryDiscovery.class);
                });
    }

    @Test
    void withoutTheModuleTheApplicationStopsNamingTheDependency() {
        runner.withClassLoader(new FilteredClassLoader("io.seedrpc.zookeeper."))
                .withPropertyValues("rpc.registry.addresses=zookeeper://zk1:2181,zk2:2181")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new RpcStartupFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).isEqualTo("rpc.registry.addresses names a ZooKeeper "
                            + "ensemble (zookeeper://zk1:2181,zk2:2181) but io.seedrpc:rpc-registry-zookeeper is not "
                            + "on the class path.");
                    assertThat(analysis.getAction()).startsWith("Add the dependency io.seedrpc:rpc-registry-zookeeper");
                });
    }

    @Test
    void addressesThatCannotWorkStopTheApplicationWithTheReason() {
        runner.withPropertyValues("rpc.registry.addresses=zookeeper://zk1:2181,http://registry:8600")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("mixes registry apps (http://registry:8600) with a ZooKeeper ensemble"));
        runner.withPropertyValues("rpc.registry.addresses=zookeeper://zk1:2181,zk2:2181/chroot")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("has a path; ZooKeeper addresses are host:port lists, set "
                                + "rpc.registry.zookeeper.namespace for a chroot"));
        runner.withPropertyValues("rpc.registry.addresses=zookeeper://zk1:2181,zk 2:2181")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("'zk 2:2181' in 'zk 2:2181' is not a ZooKeeper server's host:port"));
        runner.withPropertyValues("rpc.registry.addresses=zookeeper://zk1:2181", "rpc.registry.zookeeper.username=app")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("rpc.registry.zookeeper.username is set without a password"));
        runner.withPropertyValues("rpc.registry.addresses=zookeeper://zk1:2181", "rpc.registry.zookeeper.namespace=a//b")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("rpc.registry.zookeeper: ZooKeeper namespace 'a//b' is not a valid path"));
    }

    @Test
    void theHealthIndicatorFollowsTheZooKeeperSession() {
        runner.withUserConfiguration(GreeterImpl.class)
                .withPropertyValues("rpc.registry.addresses=zookeeper://" + zooKeeper.getConnectString(),
                        "rpc.registry.zookeeper.session-timeout=4s")
                .run(context -> {
                    RpcHealthIndicator health = context.getBean(RpcHealthIndicator.class);
                    String name = "zookeeper://" + zooKeeper.getConnectString() + "/seedrpc";
                    await().atMost(Duration.ofSeconds(10)).until(() -> health.health(true).getStatus() == Status.UP);
                    assertThat(health.health(true).getDetails().get("registries"))
                            .isEqualTo(Map.of(name, "reachable"));

                    zooKeeper.stop();
                    await().atMost(Duration.ofSeconds(10)).until(() -> health.health(true).getStatus() == Status.DOWN);
                    Health down = health.health(true);
                    assertThat(((Map<?, ?>) down.getDetails().get("registries")).get(name).toString())
                            .matches("unreachable: session (suspended|lost)");

                    zooKeeper.restart();
                    await().atMost(Duration.ofSeconds(15)).until(() -> health.health(true).getStatus() == Status.UP);
                });
    }
}
