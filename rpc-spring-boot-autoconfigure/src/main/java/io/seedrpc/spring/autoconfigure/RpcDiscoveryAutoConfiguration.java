package io.seedrpc.spring.autoconfigure;

import io.seedrpc.discovery.Discovery;
import io.seedrpc.discovery.StaticDiscovery;
import io.seedrpc.registry.RegistryDiscovery;
import io.seedrpc.spring.diagnostics.RpcStartupException;
import io.seedrpc.spring.discovery.StaticFirstDiscovery;
import io.seedrpc.spring.ssl.RpcSslBundles;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Where {@code @RpcReference} proxies without a url find provider instances: the registries in
 * {@code rpc.registry.addresses}, with the fixed lists of {@code rpc.client.providers} taking precedence for the
 * services they name. A {@link Discovery} bean of the application's own replaces it.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnMissingBean(Discovery.class)
@Conditional(RpcDiscoveryAutoConfiguration.OnDiscoveryConfigured.class)
@EnableConfigurationProperties(RpcProperties.class)
public final class RpcDiscoveryAutoConfiguration {

    @Bean
    Discovery rpcDiscovery(RpcProperties properties, ObjectProvider<SslBundles> sslBundles) {
        RpcProperties.Registry registry = properties.getRegistry();
        if (registry.zooKeeperServers() != null) {
            // RpcZooKeeperAutoConfiguration defines the discovery when it can; here it could not.
            throw RpcZooKeeperAutoConfiguration.missingModule(properties);
        }
        if (registry.registryUrls().isEmpty()) {
            return staticDiscovery(properties.getClient().getProviders());
        }
        RegistryDiscovery.Builder builder = RegistryDiscovery.builder()
                .registries(registry.registryUrls())
                .authToken(registry.getAuthToken());
        if (registry.getSsl().getBundle() != null) {
            builder.sslContext(new RpcSslBundles(sslBundles.getIfAvailable())
                    .sslContext("rpc.registry.ssl.bundle", registry.getSsl().getBundle()));
        }
        return withStaticProviders(properties, builder.build());
    }

    /** {@code registryDiscovery}, with the fixed lists of {@code rpc.client.providers} first when there are any. */
    static Discovery withStaticProviders(RpcProperties properties, Discovery registryDiscovery) {
        Map<String, List<String>> providers = properties.getClient().getProviders();
        return providers.isEmpty() ? registryDiscovery
                : new StaticFirstDiscovery(staticDiscovery(providers), providers.keySet(), registryDiscovery);
    }

    private static StaticDiscovery staticDiscovery(Map<String, List<String>> providers) {
        StaticDiscovery discovery = new StaticDiscovery();
        providers.forEach((serviceKey, addresses) -> {
            try {
                discovery.add(serviceKey, addresses.toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw new RpcStartupException("rpc.client.providers[" + serviceKey + "]: " + e.getMessage(),
                        "Write each address as tcp://host:port.", e);
            }
        });
        return discovery;
    }

    /** {@code rpc.registry.addresses} or {@code rpc.client.providers} is set. */
    static final class OnDiscoveryConfigured extends AnyNestedCondition {

        OnDiscoveryConfigured() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @Conditional(OnRegistryAddressesCondition.class)
        static final class RegistryAddresses {
        }

        @Conditional(OnStaticProvidersCondition.class)
        static final class StaticProviders {
        }
    }
}
