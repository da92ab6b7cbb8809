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
import io.seedrpc.spring.fixture.FullStack;
import io.seedrpc.spring.fixture.Greeter;
import io.seedrpc.spring.fixture.RunningRegistry;
import io.seedrpc.testing.NoLeakedThreads;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole stack in one JVM, as users run it: the registry application, two provider applications and one
 * consumer application, each a Spring Boot application with every auto-configuration on the class path.
 */
@ExtendWith(NoLeakedThreads.class)
class FullStackTest {

    private static final String GREETER = Greeter.class.getName();

    @RegisterExtension
    final FullStack stack = new FullStack();

    @Test
    void providersRegisterShareTheLoadAndLeaveWithoutFailingACall() throws Exception {
        // A TTL far longer than the test: an instance that disappears was deregistered, not evicted.
        RunningRegistry registry = RunningRegistry.start("rpc.registry.instance-ttl=60s");
        stack.onRegistry(registry, "--rpc.registry.addresses=" + registry.uri());

        // The consumer starts first: no provider is up, and that is no reason not to start.
        ConfigurableApplicationContext consumer = stack.consumer("--rpc.client.timeout=2s",
                "--management.endpoints.web.exposure.include=rpc");
        Greeter greeter = FullStack.greeter(consumer);
        assertThatThrownBy(() -> greeter.greet("anyone"))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status()).isEqualTo(StatusCode.NO_PROVIDER))
                .hasMessageContaining("no provider for service " + GREETER);

        ConfigurableApplicationContext first = stack.provider("first", "--rpc.registry.heartbeat-interval=1s");
        ConfigurableApplicationContext second = stack.provider("second", "--rpc.registry.heartbeat-interval=1s");
        int firstPort = first.getBean(RpcServer.class).port();
        int secondPort = second.getBean(RpcServer.class).port();
        // Each registers once it listens, in the background.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.instances(GREETER))
                .extracting(InstanceInfo::port).containsExactlyInAnyOrder(firstPort, secondPort));

        // As soon as discovery hears of them, calls succeed and spread over both: no restart.
        RpcClient client = consumer.getBean(RpcClient.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> FullStack.knownPorts(client),
                ports -> ports.equals(Set.of(firstPort, secondPort)));
        assertThat(FullStack.answeredBy(greeter, 50)).containsExactlyInAnyOrder("first", "second");

        // Calls keep flowing while the first provider shuts down.
        FullStack.Caller caller = FullStack.Caller.start(greeter);
        try (caller) {
            caller.awaitMoreSuccesses(50);
            stack.stop(first);
            // Deregistered before the server stopped: gone at once, not after the 60 s TTL.
            assertThat(registry.instances(GREETER)).extracting(InstanceInfo::port).containsExactly(secondPort);
            caller.awaitMoreSuccesses(50);
        }
        assertThat(caller.failures()).isEmpty();
        assertThat(FullStack.answeredBy(greeter, 10)).containsExactly("second");

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
}
