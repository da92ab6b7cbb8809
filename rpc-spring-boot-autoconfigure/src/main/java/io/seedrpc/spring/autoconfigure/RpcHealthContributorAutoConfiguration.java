package io.seedrpc.spring.autoconfigure;

import io.seedrpc.registry.RegistryClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.actuate.RegistryHealthProbe;
import io.seedrpc.spring.actuate.RpcHealthIndicator;
import io.seedrpc.spring.ssl.RpcSslBundles;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The {@code rpc} health indicator (server listening, registry apps answering or the ZooKeeper session connected), when the health module is on the
 * class path and the application runs an RPC server or names registries.
 */
@AutoConfiguration(after = {RpcServerAutoConfiguration.class, SslAutoConfiguration.class})
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnEnabledHealthIndicator("rpc")
@Conditional(RpcHealthContributorAutoConfiguration.OnServerOrRegistry.class)
@EnableConfigurationProperties(RpcProperties.class)
public final class RpcHealthContributorAutoConfiguration {

    /** How long the health check waits for the registries. */
    private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(2);

    @Bean
    @ConditionalOnMissingBean(name = "rpcHealthIndicator")
    RpcHealthIndicator rpcHealthIndicator(ObjectProvider<RpcServer> server, RpcProperties properties,
                                          ObjectProvider<SslBundles> sslBundles,
                                          ObjectProvider<RegistryHealthProbe> otherRegistries) {
        RpcProperties.Registry registry = properties.getRegistry();
        HttpClient.Builder httpBuilder = HttpClient.newBuilder().connectTimeout(REGISTRY_TIMEOUT);
        if (registry.getSsl().getBundle() != null) {
            httpBuilder.sslContext(new RpcSslBundles(sslBundles.getIfAvailable())
                    .sslContext("rpc.registry.ssl.bundle", registry.getSsl().getBundle()));
        }
        HttpClient http = httpBuilder.build();
        List<RegistryHealthProbe> registries = new ArrayList<>();
        registry.registryUrls().forEach(uri -> registries.add(RegistryHealthProbe.of(RegistryClient.builder(uri)
                .httpClient(http).requestTimeout(REGISTRY_TIMEOUT).authToken(registry.getAuthToken()).build())));
        // A ZooKeeper session, when the addresses name an ensemble.
        otherRegistries.orderedStream().forEach(registries::add);
        return new RpcHealthIndicator(REGISTRY_TIMEOUT, server.getIfAvailable(), registries);
    }

    /** An RPC server, or registries to check. */
    static final class OnServerOrRegistry extends AnyNestedCondition {

        OnServerOrRegistry() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(RpcServer.class)
        static final class Server {
        }

        @Conditional(OnRegistryAddressesCondition.class)
        static final class Registry {
        }
    }
}
