package io.seedrpc.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.fixture.FullStack;
import io.seedrpc.spring.fixture.Greeter;
import io.seedrpc.spring.zookeeper.ZooKeeperServerRegistration;
import io.seedrpc.testing.NoLeakedThreads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Provider and consumer applications, as users run them, on {@code rpc.registry.addresses=zookeeper://…}: a real
 * ZooKeeper server in this JVM, every auto-configuration on the class path.
 */
@ExtendWith(NoLeakedThreads.class)
class ZooKeeperFullStackTest {

    @RegisterExtension
    final FullStack stack = new FullStack();

    @Test
    void providersOnZooKeeperShareTheLoadAndAStoppedOneLeavesRotationWithoutAFailedCall() throws Exception {
        TestingServer zooKeeper = new TestingServer(true);
        stack.onRegistry(zooKeeper, "--rpc.registry.addresses=zookeeper://" + zooKeeper.getConnectString(),
                "--rpc.registry.zookeeper.session-timeout=5s",
                "--logging.level.org.apache.zookeeper=WARN",
                "--logging.level.org.apache.curator=WARN");
        ConfigurableApplicationContext consumer = stack.consumer("--rpc.client.timeout=2s");
        ConfigurableApplicationContext first = stack.provider("first");
        ConfigurableApplicationContext second = stack.provider("second");
        int firstPort = first.getBean(RpcServer.class).port();
        int secondPort = second.getBean(RpcServer.class).port();

        RpcClient client = consumer.getBean(RpcClient.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> FullStack.knownPorts(client),
                ports -> ports.equals(Set.of(firstPort, secondPort)));
        Greeter greeter = FullStack.greeter(consumer);
        assertThat(FullStack.answeredBy(greeter, 50)).containsExactlyInAnyOrder("first", "second");

        List<String> firstNodes = first.getBean(ZooKeeperServerRegistration.class).registeredPaths();
        assertThat(firstNodes).containsExactly("/seedrpc/services/" + Greeter.class.getName() + "/"
                + UUID.nameUUIDFromBytes(("127.0.0.1:" + firstPort).getBytes(StandardCharsets.UTF_8)));

        FullStack.Caller caller = FullStack.Caller.start(greeter);
        try (caller) {
            caller.awaitMoreSuccesses(50);
            stack.stop(first);
            // Deregistered on the way down: the node is gone at once, not when a session times out.
            try (CuratorFramework raw = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(),
                    new RetryOneTime(100))) {
                raw.start();
                assertThat(raw.checkExists().forPath(firstNodes.get(0))).isNull();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> FullStack.knownPorts(client),
                    ports -> ports.equals(Set.of(secondPort)));
            caller.awaitMoreSuccesses(50);
        }
        assertThat(caller.failures()).isEmpty();
        assertThat(FullStack.answeredBy(greeter, 10)).containsExactly("second");
    }
}
