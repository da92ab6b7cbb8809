package io.seedrpc.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedrpc.client.RpcClient;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.annotation.RpcReference;
import io.seedrpc.spring.fixture.Greeter;
import io.seedrpc.spring.fixture.GreeterImpl;
import io.seedrpc.spring.zookeeper.ZooKeeperServerRegistration;
import io.seedrpc.testing.NoLeakedThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Provider and consumer applications, as users run them, on {@code rpc.registry.addresses=zookeeper://…}: a real
 * ZooKeeper server in this JVM, every auto-configuration on the class path.
 */
@ExtendWith(NoLeakedThreads.class)
class ZooKeeperFullStackTest {

    private static final String GREETER = Greeter.class.getName();

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private TestingServer zooKeeper;

    @AfterEach
    void closeEverything() throws Exception {
        contexts.forEach(ConfigurableApplicationContext::close);
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    @Test
    void providersOnZooKeeperShareTheLoadAndAStoppedOneLeavesRotationWithoutAFailedCall() throws Exception {
        zooKeeper = new TestingServer(true);
        ConfigurableApplicationContext consumer = start(ConsumerApplication.class, "--rpc.client.timeout=2s");
        ConfigurableApplicationContext first = startProvider("first");
        ConfigurableApplicationContext second = startProvider("second");
        int firstPort = first.getBean(RpcServer.class).port();
        int secondPort = second.getBean(RpcServer.class).port();

        RpcClient client = consumer.getBean(RpcClient.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> ports(client), ports -> ports.size() == 2);
        assertThat(ports(client)).containsExactlyInAnyOrder(firstPort, secondPort);
        Greeter greeter = consumer.getBean(GreeterCaller.class).greeter;
        Set<String> answeredBy = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            answeredBy.add(greeter.where());
        }
        assertThat(answeredBy).containsExactlyInAnyOrder("first", "second");

        List<String> firstNodes = first.getBean(ZooKeeperServerRegistration.class).registeredPaths();
        assertThat(firstNodes).containsExactly("/seedrpc/services/" + GREETER + "/"
                + java.util.UUID.nameUUIDFromBytes(("127.0.0.1:" + firstPort).getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));

        AtomicBoolean calling = new AtomicBoolean(true);
        AtomicInteger succeeded = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        Thread caller = new Thread(() -> {
            while (calling.get()) {
                try {
                    greeter.where();
                    succeeded.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        }, "zookeeper-full-stack-caller");
        caller.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> succeeded.get() > 50);

        first.close();
        contexts.remove(first);
        // Deregistered on the way down: the node is gone at once, not when a session times out.
        try (CuratorFramework raw = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(),
                new RetryOneTime(100))) {
            raw.start();
            assertThat(raw.checkExists().forPath(firstNodes.get(0))).isNull();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ports(client), ports -> ports.equals(List.of(secondPort)));
        int afterClose = succeeded.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> succeeded.get() > afterClose + 50);
        calling.set(false);
        caller.join(5_000);
        assertThat(failures).isEmpty();
        for (int i = 0; i < 10; i++) {
            assertThat(greeter.where()).isEqualTo("second");
        }
    }

    private static List<Integer> ports(RpcClient client) {
        return client.knownEndpoints().getOrDefault(GREETER, List.of()).stream()
                .map(Endpoint::address).map(address -> address.port()).toList();
    }

    private ConfigurableApplicationContext startProvider(String name) {
        return start(ProviderApplication.class,
                "--test.provider-name=" + name,
                "--rpc.server.host=127.0.0.1",
                "--rpc.server.port=0",
                "--rpc.server.drain-timeout=5s");
    }

    private ConfigurableApplicationContext start(Class<?> application, String... properties) {
        List<String> args = new ArrayList<>(List.of(properties));
        args.add("--rpc.registry.addresses=zookeeper://" + zooKeeper.getConnectString());
        args.add("--rpc.registry.zookeeper.session-timeout=5s");
        // Not the registry's application.yml, which is on this test class path too.
        args.add("--spring.config.name=zookeeper-full-stack-test");
        args.add("--spring.main.banner-mode=off");
        args.add("--logging.level.org.apache.zookeeper=WARN");
        args.add("--logging.level.org.apache.curator=WARN");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new));
        contexts.add(context);
        return context;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(GreeterImpl.class)
    static class ProviderApplication {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(GreeterCaller.class)
    static class ConsumerApplication {
    }

    static class GreeterCaller {
        @RpcReference
        Greeter greeter;
    }
}
