package io.seedrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedrpc.discovery.Discovery;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.discovery.StaticDiscovery;
import io.seedrpc.registry.RegistryDiscovery;
import io.seedrpc.spring.discovery.StaticFirstDiscovery;
import io.seedrpc.testing.NoLeakedThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

@ExtendWith(NoLeakedThreads.class)
class RpcDiscoveryAutoConfigurationTest {

    // Nothing listens there: the tests only look at configuration and never subscribe to a registry.
    private static final String REGISTRY = "http://127.0.0.1:9";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RpcDiscoveryAutoConfiguration.class));

    @Test
    void noDiscoveryWithoutRegistryOrProviders() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Discovery.class));
    }

    @Test
    void providersBecomeAStaticList() {
        runner.withPropertyValues("rpc.client.providers.com.acme.Calculator=tcp://127.0.0.1:9101,127.0.0.1:9102")
                .run(context -> {
                    Discovery discovery = context.getBean(Discovery.class);
                    assertThat(discovery).isInstanceOf(StaticDiscovery.class);
                    assertThat(endpoints(discovery, "com.acme.Calculator"))
                            .containsExactly("tcp://127.0.0.1:9101", "tcp://127.0.0.1:9102");
                });
    }

    @Test
    void providersFromYamlWithAVersionedServiceInBrackets() {
        runner.withInitializer(context -> {
            try {
                new YamlPropertySourceLoader().load("providers", new ClassPathResource("providers.yml"))
                        .forEach(context.getEnvironment().getPropertySources()::addFirst);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).run(context -> {
            Discovery discovery = context.getBean(Discovery.class);
            assertThat(endpoints(discovery, "com.acme.Calculator"))
                    .containsExactly("tcp://127.0.0.1:9101", "tcp://127.0.0.1:9102");
            assertThat(endpoints(discovery, "com.acme.Orders:2.0"))
                    .containsExactly("tcp://127.0.0.1:9103", "tcp://127.0.0.1:9104");
        });
    }

    @Test
    void registryAddressesBecomeRegistryDiscovery() {
        runner.withPropertyValues("rpc.registry.addresses=" + REGISTRY + ",http://127.0.0.1:10")
                .run(context -> {
                    Discovery discovery = context.getBean(Discovery.class);
                    assertThat(discovery).isInstanceOf(RegistryDiscovery.class);
                    assertThat(discovery.describe()).isEqualTo("registry " + REGISTRY + ", http://127.0.0.1:10");
                });
    }

    @Test
    void listedProvidersTakePrecedenceOverTheRegistry() {
        runner.withPropertyValues("rpc.registry.addresses=" + REGISTRY,
                        "rpc.client.providers.com.acme.Calculator=tcp://127.0.0.1:9101")
                .run(context -> {
                    Discovery discovery = context.getBean(Discovery.class);
                    assertThat(discovery).isInstanceOf(StaticFirstDiscovery.class);
                    assertThat(discovery.describe())
                            .isEqualTo("static list for [com.acme.Calculator], else registry " + REGISTRY);
                    assertThat(endpoints(discovery, "com.acme.Calculator")).containsExactly("tcp://127.0.0.1:9101");
                });
    }

    @Test
    void backsOffToTheApplicationsOwnDiscovery() {
        runner.withUserConfiguration(OwnDiscoveryConfiguration.class)
                .withPropertyValues("rpc.registry.addresses=" + REGISTRY)
                .run(context -> {
                    assertThat(context).hasSingleBean(Discovery.class);
                    assertThat(context.getBean(Discovery.class).describe()).isEqualTo("static list");
                });
    }

    @Test
    void aMalformedProviderAddressFailsStartupNamingTheProperty() {
        runner.withPropertyValues("rpc.client.providers.com.acme.Calculator=udp://127.0.0.1:9101").run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("rpc.client.providers[com.acme.Calculator]: address "
                                + "'udp://127.0.0.1:9101' has scheme 'udp'; expected tcp:// or http://"));
    }

    @Test
    void aRegistryAddressThatIsNoUrlFailsStartupNamingTheProperty() {
        runner.withPropertyValues("rpc.registry.addresses=registry:8600").run(context ->
                assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("rpc.registry.addresses: 'registry:8600' is not a base URL"));
    }

    private static List<String> endpoints(Discovery discovery, String serviceKey) {
        AtomicReference<List<Endpoint>> seen = new AtomicReference<>();
        discovery.subscribe(serviceKey, seen::set).close();
        return seen.get().stream().map(endpoint -> endpoint.address().toString()).toList();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDiscoveryConfiguration {
        @Bean
        StaticDiscovery ownDiscovery() {
            return new StaticDiscovery();
        }
    }
}
