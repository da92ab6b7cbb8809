package io.seedrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.cluster.ClusterMode;
import io.seedrpc.discovery.Discovery;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.discovery.StaticDiscovery;
import io.seedrpc.invoke.ClientInterceptor;
import io.seedrpc.loadbalance.LoadBalancer;
import io.seedrpc.loadbalance.Picker;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.annotation.RpcReference;
import io.seedrpc.spring.client.RpcClientCustomizer;
import io.seedrpc.spring.client.RpcReferenceInjector;
import io.seedrpc.spring.fixture.Greeter;
import io.seedrpc.spring.fixture.GreeterImpl;
import io.seedrpc.testing.NoLeakedThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

@ExtendWith(NoLeakedThreads.class)
class RpcClientAutoConfigurationTest {

    private static RpcServer provider;
    private static String providerUrl;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RpcSerializationAutoConfiguration.class,
                    RpcDiscoveryAutoConfiguration.class, RpcClientAutoConfiguration.class))
            .withPropertyValues("greeter.url=" + providerUrl);

    @BeforeAll
    static void startProvider() {
        provider = RpcServer.builder().host("127.0.0.1").port(0).build()
                .addService(Greeter.class, new GreeterImpl("direct"), "")
                .start();
        providerUrl = "tcp://127.0.0.1:" + provider.port();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @Test
    void defaults() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RpcClient.class).hasSingleBean(RpcReferenceInjector.class)
                    .doesNotHaveBean(Discovery.class);
            RpcClient client = context.getBean(RpcClient.class);
            assertThat(client).extracting(c -> c.settings().callTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(client).extracting(c -> c.settings().retries()).isEqualTo(2);
            assertThat(client).extracting(c -> c.settings().loadBalance()).isEqualTo("p2c");
            assertThat(client).extracting(c -> c.settings().cluster()).isEqualTo(ClusterMode.FAILOVER);
            assertThat(client).extracting(c -> c.settings().codec()).isEqualTo("kryo");
        });
    }

    @Test
    void injectsAProxyIntoRpcReferenceFields() {
        runner.withUserConfiguration(Caller.class).run(context ->
                assertThat(context.getBean(Caller.class).greeter.greet("ann")).isEqualTo("hello ann"));
    }

    @Test
    void referencesWithTheSameSettingsShareOneProxy() {
        runner.withUserConfiguration(Caller.class, OtherCaller.class).run(context -> {
            Caller caller = context.getBean(Caller.class);
            OtherCaller other = context.getBean(OtherCaller.class);
            assertThat(other.sameGreeter).isSameAs(caller.greeter);
            assertThat(other.quickGreeter).isNotSameAs(caller.greeter);
        });
    }

    @Test
    void timeoutPropertyAndTheReferencesOwnTimeout() {
        runner.withUserConfiguration(Caller.class, OtherCaller.class).withPropertyValues("rpc.client.timeout=300ms")
                .run(context -> {
                    assertThatThrownBy(() -> context.getBean(Caller.class).greeter.slow(2_000))
                            .isInstanceOfSatisfying(RpcException.class,
                                    e -> assertThat(e.status()).isEqualTo(StatusCode.TIMEOUT));
                    // timeoutMs = 1500 overrides rpc.client.timeout.
                    assertThat(context.getBean(OtherCaller.class).quickGreeter.slow(500)).isEqualTo("slept 500");
                });
    }

    @Test
    void connectTimeoutRetriesLoadBalanceClusterAndCodecProperties() {
        runner.withPropertyValues("rpc.client.connect-timeout=750ms", "rpc.client.retries=5",
                        "rpc.client.load-balance=round-robin", "rpc.client.cluster=failfast", "rpc.client.codec=json")
                .withUserConfiguration(Caller.class)
                .run(context -> {
                    RpcClient client = context.getBean(RpcClient.class);
                    assertThat(client).extracting(c -> c.settings().connectTimeout()).isEqualTo(Duration.ofMillis(750));
                    assertThat(client).extracting(c -> c.settings().retries()).isEqualTo(5);
                    assertThat(client).extracting(c -> c.settings().loadBalance()).isEqualTo("round-robin");
                    assertThat(client).extracting(c -> c.settings().cluster()).isEqualTo(ClusterMode.FAILFAST);
                    assertThat(client).extracting(c -> c.settings().codec()).isEqualTo("json");
                    assertThat(context.getBean(Caller.class).greeter.greet("json")).isEqualTo("hello json");
                });
    }

    @Test
    void theProvidersPropertyListsAddressesWithoutARegistry() {
        runner.withUserConfiguration(DiscoveringCaller.class)
                .withPropertyValues("rpc.client.providers." + Greeter.class.getName() + "=" + providerUrl)
                .run(context -> assertThat(context.getBean(DiscoveringCaller.class).greeter.where())
                        .isEqualTo("direct"));
    }

    @Test
    void startsWithoutAnyProviderAndCallsSucceedOnceOneAppears() {
        runner.withUserConfiguration(DiscoveringCaller.class, EmptyDiscoveryConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            Greeter greeter = context.getBean(DiscoveringCaller.class).greeter;
            assertThatThrownBy(() -> greeter.greet("nobody"))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.status()).isEqualTo(StatusCode.NO_PROVIDER));
            context.getBean(StaticDiscovery.class).add(Greeter.class.getName(), providerUrl);
            assertThat(greeter.greet("somebody")).isEqualTo("hello somebody");
        });
    }

    @Test
    void loadBalancerBeansAreRegisteredByName() {
        runner.withUserConfiguration(FirstPickConfiguration.class, DiscoveringCaller.class)
                .withPropertyValues("rpc.client.load-balance=first",
                        "rpc.client.providers." + Greeter.class.getName() + "=" + providerUrl)
                .run(context -> {
                    assertThat(context.getBean(DiscoveringCaller.class).greeter.greet("x")).isEqualTo("hello x");
                    assertThat(context.getBean(FirstPickConfiguration.class).picks).hasSize(1);
                });
    }

    @Test
    void interceptorBeansAndCustomizersApplyInOrder() {
        runner.withUserConfiguration(Caller.class, InterceptorConfiguration.class).run(context -> {
            context.getBean(Caller.class).greeter.greet("ann");
            assertThat(context.getBean(InterceptorConfiguration.class).seen)
                    .containsExactly("interceptor bean", "first customizer", "second customizer");
        });
    }

    @Test
    void backsOffToTheApplicationsOwnClient() {
        runner.withUserConfiguration(OwnClientConfiguration.class, Caller.class).run(context -> {
            assertThat(context).hasSingleBean(RpcClient.class);
            RpcClient own = context.getBean(OwnClientConfiguration.class).client;
            assertThat(context.getBean(RpcClient.class)).isSameAs(own);
            assertThat(own.references()).extracting(reference -> (Object) reference.serviceInterface())
                    .containsExactly(Greeter.class);
        });
    }

    @Test
    void aReferenceToAClassFailsStartupSayingWhatToChange() {
        runner.withUserConfiguration(ClassReferenceCaller.class).run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("@RpcReference on field " + ClassReferenceCaller.class.getName()
                                + ".greeter: its type " + GreeterImpl.class.getName() + " is a class. Declare the "
                                + "field as the service interface (GreeterImpl implements [" + Greeter.class.getName()
                                + "])."));
    }

    @Test
    void anUnknownLoadBalancerFailsStartupListingTheKnownOnes() {
        runner.withUserConfiguration(UnknownBalancerCaller.class)
                .withPropertyValues("rpc.client.providers." + Greeter.class.getName() + "=" + providerUrl)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("unknown load balancer 'fastest'; known: [p2c, random, round-robin, "
                                + "weighted-round-robin, consistent-hash]")
                        .hasStackTraceContaining("Change loadBalance to one of them"));
        runner.withPropertyValues("rpc.client.load-balance=fastest").withUserConfiguration(Caller.class)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("unknown load balancer 'fastest'; known: [p2c")
                        .hasStackTraceContaining("rpc.client.load-balance (fastest)"));
    }

    @Test
    void anUnknownCodecOrClusterFailsStartup() {
        runner.withPropertyValues("rpc.client.codec=xml").withUserConfiguration(Caller.class)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("unknown codec 'xml'; known codecs: [kryo, json"));
        runner.withPropertyValues("rpc.client.cluster=mirror")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("rpc.client.cluster"));
    }

    @Test
    void aReferenceWithNeitherUrlNorDiscoveryFailsStartupNamingTheProperties() {
        runner.withUserConfiguration(DiscoveringCaller.class).run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("has no address and the client has no discovery")
                        .hasStackTraceContaining("Set rpc.registry.addresses, list the service's addresses under "
                                + "rpc.client.providers"));
    }

    @Test
    void invalidPropertiesFailStartupNamingThem() {
        runner.withPropertyValues("rpc.client.timeout=0s").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("rpc.client.timeout")
                .hasStackTraceContaining("must be a positive duration"));
        runner.withPropertyValues("rpc.client.retries=-1").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("rpc.client.retries"));
    }

    @Test
    void anInvalidReferenceTimeoutFailsStartup() {
        runner.withUserConfiguration(ZeroTimeoutCaller.class).run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("timeoutMs must be positive, or -1 for rpc.client.timeout"));
    }

    static class Caller {
        @RpcReference(url = "${greeter.url}")
        Greeter greeter;
    }

    static class OtherCaller {
        @RpcReference(url = "${greeter.url}")
        Greeter sameGreeter;

        @RpcReference(url = "${greeter.url}", timeoutMs = 1500)
        Greeter quickGreeter;
    }

    static class DiscoveringCaller {
        @RpcReference
        Greeter greeter;
    }

    static class ClassReferenceCaller {
        @RpcReference(url = "${greeter.url}")
        GreeterImpl greeter;
    }

    static class UnknownBalancerCaller {
        @RpcReference(loadBalance = "fastest")
        Greeter greeter;
    }

    static class ZeroTimeoutCaller {
        @RpcReference(url = "${greeter.url}", timeoutMs = 0)
        Greeter greeter;
    }

    @Configuration(proxyBeanMethods = false)
    static class EmptyDiscoveryConfiguration {
        @Bean
        StaticDiscovery discovery() {
            return new StaticDiscovery();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FirstPickConfiguration {
        final List<Endpoint> picks = new CopyOnWriteArrayList<>();

        @Bean
        LoadBalancer first() {
            return new LoadBalancer() {
                @Override
                public String name() {
                    return "first";
                }

                @Override
                public Picker newPicker(List<Endpoint> endpoints) {
                    return (invocation, load) -> {
                        picks.add(endpoints.get(0));
                        return endpoints.get(0);
                    };
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class InterceptorConfiguration {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Bean
        ClientInterceptor interceptorBean() {
            return (invocation, next) -> {
                seen.add("interceptor bean");
                return next.invoke(invocation);
            };
        }

        @Bean
        @Order(2)
        RpcClientCustomizer second() {
            return builder -> builder.interceptor((invocation, next) -> {
                seen.add("second customizer");
                return next.invoke(invocation);
            });
        }

        @Bean
        @Order(1)
        RpcClientCustomizer first() {
            return builder -> builder.interceptor((invocation, next) -> {
                seen.add("first customizer");
                return next.invoke(invocation);
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnClientConfiguration {
        final RpcClient client = RpcClient.builder().build();

        @Bean
        RpcClient ownClient() {
            return client;
        }
    }
}
