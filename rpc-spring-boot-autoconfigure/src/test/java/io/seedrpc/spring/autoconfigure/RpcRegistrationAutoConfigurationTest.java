package io.seedrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedrpc.registry.api.InstanceInfo;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.annotation.RpcService;
import io.seedrpc.spring.fixture.Clock;
import io.seedrpc.spring.fixture.Greeter;
import io.seedrpc.spring.fixture.GreeterImpl;
import io.seedrpc.spring.fixture.RunningRegistry;
import io.seedrpc.spring.registry.RegistryRegistration;
import io.seedrpc.testing.NoLeakedThreads;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Against the real registry application, which requires a token here. */
@ExtendWith({NoLeakedThreads.class, OutputCaptureExtension.class})
class RpcRegistrationAutoConfigurationTest {

    private static final String GREETER = Greeter.class.getName();
    private static RunningRegistry registry;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RpcSerializationAutoConfiguration.class,
                    RpcServerAutoConfiguration.class, RpcRegistrationAutoConfiguration.class))
            .withPropertyValues("rpc.server.host=127.0.0.1", "rpc.server.port=0",
                    "rpc.registry.addresses=" + registry.uri(), "rpc.registry.auth-token=s3cret");

    @BeforeAll
    static void startRegistry() {
        // A TTL far longer than any test: an instance that disappears was deregistered, not evicted.
        registry = RunningRegistry.start("rpc.registry.instance-ttl=60s", "rpc.registry.auth-token=s3cret");
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @Test
    void registersOnceListeningAndDeregistersOnClose() {
        runner.withUserConfiguration(GreeterImpl.class).run(context -> {
            int port = context.getBean(RpcServer.class).port();
            await().atMost(Duration.ofSeconds(5)).until(() -> !registry.instances(GREETER).isEmpty());
            InstanceInfo instance = registry.instances(GREETER).get(0);
            assertThat(instance.host()).isEqualTo("127.0.0.1");
            assertThat(instance.port()).isEqualTo(port);
            assertThat(instance.services()).containsExactly(GREETER);
            assertThat(instance.weight()).isEqualTo(100);
            context.close();
            // Right away: close() waits for the registry to confirm.
            assertThat(registry.instances(GREETER)).isEmpty();
        });
    }

    @Test
    void advertiseHostProperty() {
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("rpc.server.advertise-host=rpc-1.example")
                .run(context -> {
                    await().atMost(Duration.ofSeconds(5)).until(() -> !registry.instances(GREETER).isEmpty());
                    assertThat(registry.instances(GREETER)).extracting(InstanceInfo::host)
                            .containsExactly("rpc-1.example");
                });
    }

    @Test
    void heartbeatIntervalProperty() {
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("rpc.registry.heartbeat-interval=100ms")
                .run(context -> {
                    await().atMost(Duration.ofSeconds(5)).until(() -> !registry.instances(GREETER).isEmpty());
                    long first = registry.instances(GREETER).get(0).lastHeartbeatMs();
                    // Two more heartbeats within 4 s: at the default 5 s interval they would take 10 s. Judged by
                    // count against that margin, not by a 1 s window that a loaded machine overran.
                    java.util.Set<Long> later = new java.util.concurrent.ConcurrentSkipListSet<>();
                    await().atMost(Duration.ofSeconds(4)).until(() -> {
                        long last = registry.instances(GREETER).get(0).lastHeartbeatMs();
                        if (last > first) {
                            later.add(last);
                        }
                        return later.size() >= 2;
                    });
                });
    }

    @Test
    void withoutTheTokenTheRegistryRefusesTheInstance(CapturedOutput output) {
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("rpc.registry.auth-token=")
                .run(context -> {
                    RegistryRegistration registration = context.getBean(RegistryRegistration.class);
                    // Judged once the attempt was made and refused, not after a pause that may end before it.
                    await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("cannot register instance")
                            && output.getOut().contains("/api/v1/instances answered 401"));
                    assertThat(registry.instances(GREETER)).isEmpty();
                    assertThat(registration.registeredIds()).containsExactly(java.util.Map.of());
                });
    }

    @Test
    void theWeightOfTheServiceIsRegistered() {
        runner.withUserConfiguration(LightGreeter.class, HeavyClock.class).run(context -> {
            await().atMost(Duration.ofSeconds(5)).until(() -> !registry.instances(GREETER).isEmpty()
                    && !registry.instances(Clock.class.getName()).isEmpty());
            // One weight per registered instance: two weights, two instances at the same address.
            assertThat(registry.instances(GREETER)).extracting(InstanceInfo::weight).containsExactly(5);
            assertThat(registry.instances(Clock.class.getName())).extracting(InstanceInfo::weight)
                    .containsExactly(300);
        });
    }

    @Test
    void noRegistrationWithoutRegistryAddresses() {
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("rpc.registry.addresses=")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RpcServer.class)
                        .doesNotHaveBean(RegistryRegistration.class));
    }

    @Test
    void noRegistrationWithoutAServer() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RegistryRegistration.class));
    }

    @Test
    void backsOffToTheApplicationsOwnRegistration() {
        runner.withUserConfiguration(GreeterImpl.class, OwnRegistrationConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(RegistryRegistration.class);
            assertThat(context.getBean(RegistryRegistration.class).advertiseHost()).isEqualTo("own.example");
        });
    }

    @RpcService(weight = 5)
    static class LightGreeter extends GreeterImpl {
        LightGreeter() {
            super("light");
        }
    }

    @RpcService(weight = 300)
    static class HeavyClock implements Clock {
        @Override
        public long now() {
            return 1;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRegistrationConfiguration {
        @Bean
        RegistryRegistration ownRegistration() {
            return new RegistryRegistration(List.of(registry.uri()), "s3cret", Duration.ofSeconds(5), "own.example");
        }
    }
}
