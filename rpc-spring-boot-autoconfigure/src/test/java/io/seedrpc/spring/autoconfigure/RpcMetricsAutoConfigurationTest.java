package io.seedrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seedrpc.RpcException;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.annotation.RpcReference;
import io.seedrpc.spring.fixture.Greeter;
import io.seedrpc.spring.fixture.GreeterImpl;
import io.seedrpc.testing.NoLeakedThreads;
import io.seedrpc.spring.metrics.RpcClientMetrics;
import io.seedrpc.spring.metrics.RpcServerMetrics;
import io.seedrpc.discovery.StaticDiscovery;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.awaitility.Awaitility.await;

@ExtendWith(NoLeakedThreads.class)
class RpcMetricsAutoConfigurationTest {

    private static final String GREETER = Greeter.class.getName();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RpcMetricsAutoConfiguration.class,
                    RpcSerializationAutoConfiguration.class, RpcServerAutoConfiguration.class,
                    RpcClientAutoConfiguration.class))
            .withPropertyValues("rpc.server.host=127.0.0.1", "rpc.server.port=0", "rpc.client.timeout=2s")
            .withUserConfiguration(GreeterImpl.class, Caller.class)
            .withBean(StaticDiscovery.class, StaticDiscovery::new);

    @Test
    void timesServerAndClientCallsTaggedWithServiceMethodAndOutcome() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            context.getBean(StaticDiscovery.class).add(GREETER,
                    "tcp://127.0.0.1:" + context.getBean(RpcServer.class).port());
            Greeter greeter = context.getBean(Caller.class).greeter;
            greeter.greet("ann");
            greeter.greet("bob");
            // A 2 s timeout, not 200 ms: the first call also opens the connection, which a loaded machine was seen
            // to take longer than 200 ms for.
            assertThatThrownBy(() -> greeter.slow(5_000)).isInstanceOf(RpcException.class);

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            // Timers record as the answer goes out and comes in, a moment after the caller has it; the server
            // finishes the slow call after the client gave up on it.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(count(meters, "rpc.client.requests", "greet(java.lang.String)", "OK")).isEqualTo(2);
                assertThat(count(meters, "rpc.client.requests", "slow(long)", "TIMEOUT")).isEqualTo(1);
                assertThat(count(meters, "rpc.server.requests", "greet(java.lang.String)", "OK")).isEqualTo(2);
                assertThat(meters.find("rpc.server.requests").tag("method", "slow(long)").timer()).isNotNull();
            });
            assertThat(timer(meters, "rpc.server.requests", "greet(java.lang.String)", "OK")
                    .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
        });
    }

    @Test
    void noTimersWithoutAMeterRegistryBean() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RpcServerMetrics.class)
                .doesNotHaveBean(RpcClientMetrics.class));
    }

    @Test
    void noTimersWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RpcServerMetrics.class)
                        .doesNotHaveBean(RpcClientMetrics.class));
    }

    @Test
    void backsOffToTheApplicationsOwnMetrics() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean("ownServerMetrics", RpcServerMetrics.class, () -> new RpcServerMetrics(new SimpleMeterRegistry()))
                .run(context -> assertThat(context).hasSingleBean(RpcServerMetrics.class).hasBean("ownServerMetrics")
                        .hasSingleBean(RpcClientMetrics.class));
    }

    private static long count(MeterRegistry meters, String name, String method, String outcome) {
        Timer timer = meters.find(name).tag("service", GREETER).tag("method", method).tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private static Timer timer(MeterRegistry meters, String name, String method, String outcome) {
        return meters.get(name).tag("service", GREETER).tag("method", method).tag("outcome", outcome).timer();
    }

    static class Caller {
        @RpcReference
        Greeter greeter;
    }
}
