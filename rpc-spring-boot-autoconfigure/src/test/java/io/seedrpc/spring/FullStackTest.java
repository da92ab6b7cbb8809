package io.seedrpc.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import io.seedrpc.registry.api.InstanceInfo;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.actuate.RpcEndpoint;
import io.seedrpc.spring.annotation.RpcReference;
import io.seedrpc.spring.fixture.Greeter;
import io.seedrpc.spring.fixture.GreeterImpl;
import io.seedrpc.spring.fixture.RunningRegistry;
import io.seedrpc.testing.NoLeakedThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The whole stack in one JVM, as users run it: the registry application, two provider applications and one
 * consumer application, each a Spring Boot application with every auto-configuration on the class path.
 */
@ExtendWith(NoLeakedThreads.class)
class FullStackTest {

    private static final String GREETER = Greeter.class.getName();

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private RunningRegistry registry;

    @AfterEach
    void closeEverything() {
        contexts.forEach(ConfigurableApplicationContext::close);
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void providersRegisterShareTheLoadAndLeaveWithoutFailingACall() throws Exception {
        // A TTL far longer than the test: an instance that disappears was deregistered, not evicted.
        registry = RunningRegistry.start("rpc.registry.instance-ttl=60s");

        // The consumer starts first: no provider is up, and that is no reason not to start.
        ConfigurableApplicationContext consumer = start(ConsumerApplication.class,
                "--rpc.client.timeout=2s",
                "--management.endpoints.web.exposure.include=rpc");
        Greeter greeter = consumer.getBean(GreeterCaller.class).greeter;
        assertThatThrownBy(() -> greeter.greet("anyone"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status()).isEqualTo(StatusCode.NO_PROVIDER))
                .hasMessageContaining("no provider for service " + GREETER);

        ConfigurableApplicationContext first = startProvider("first");
        ConfigurableApplicationContext second = startProvider("second");
        int firstPort = first.getBean(RpcServer.class).port();
        int secondPort = second.getBean(RpcServer.class).port();
        // Each registers once it listens, in the background.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.instances(GREETER))
                .extracting(InstanceInfo::port).containsExactlyInAnyOrder(firstPort, secondPort));

        // As soon as discovery hears of them, calls succeed and spread over both: no restart.
        RpcClient client = consumer.getBean(RpcClient.class);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.knownEndpoints().getOrDefault(GREETER, List.of()).size() == 2);
        Set<String> answeredBy = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            answeredBy.add(greeter.where());
        }
        assertThat(answeredBy).containsExactlyInAnyOrder("first", "second");

        // Calls keep flowing while the first provider shuts down.
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
        }, "full-stack-caller");
        caller.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> succeeded.get() > 50);

        close(first);
        // Deregistered before the server stopped: gone at once, not after the 60 s TTL.
        assertThat(registry.instances(GREETER)).extracting(InstanceInfo::port).containsExactly(secondPort);

        int afterClose = succeeded.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> succeeded.get() > afterClose + 50);
        calling.set(false);
        caller.join(5_000);
        assertThat(failures).isEmpty();
        for (int i = 0; i < 10; i++) {
            assertThat(greeter.where()).isEqualTo("second");
        }

        // What the consumer's actuator sees.
        RpcEndpoint.ClientReport report = consumer.getBean(RpcEndpoint.class).rpc().client();
        assertThat(report.instances().get(GREETER)).extracting(RpcEndpoint.InstanceReport::address)
                .containsExactly("tcp://127.0.0.1:" + secondPort);
        assertThat(consumer.getBean(MeterRegistry.class).get("rpc.client.requests").tag("rpc.system", "seedrpc")
                .tag("rpc.service", GREETER).tag("rpc.method", "where").tag("status", "OK").timer().count())
                .isGreaterThan(100);
        assertThat(second.getBean(MeterRegistry.class).get("rpc.server.requests").tag("rpc.system", "seedrpc")
                .tag("rpc.service", GREETER).tag("rpc.method", "where").tag("status", "OK").timer().count())
                .isPositive();
    }

    private ConfigurableApplicationContext startProvider(String name) {
        return start(ProviderApplication.class,
                "--test.provider-name=" + name,
                "--rpc.server.host=127.0.0.1",
                "--rpc.server.port=0",
                "--rpc.server.drain-timeout=5s",
                "--rpc.registry.heartbeat-interval=1s");
    }

    private ConfigurableApplicationContext start(Class<?> application, String... properties) {
        List<String> args = new ArrayList<>(List.of(properties));
        args.add("--rpc.registry.addresses=" + registry.uri());
        // Not the registry's application.yml, which is on this test class path too.
        args.add("--spring.config.name=full-stack-test");
        args.add("--spring.main.banner-mode=off");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new));
        contexts.add(context);
        return context;
    }

    private void close(ConfigurableApplicationContext context) {
        context.close();
        contexts.remove(context);
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
