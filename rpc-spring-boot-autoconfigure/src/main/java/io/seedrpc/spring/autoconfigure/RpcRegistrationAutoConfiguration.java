package io.seedrpc.spring.autoconfigure;

import io.seedrpc.spring.registry.AdvertisedHost;
import io.seedrpc.spring.registry.RegistryRegistration;
import io.seedrpc.spring.server.RpcServerLifecycle;
import io.seedrpc.spring.ssl.RpcSslBundles;
import javax.net.ssl.SSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Registers the RPC server with the registry apps in {@code rpc.registry.addresses} once it listens, and
 * deregisters it before it drains and stops. ZooKeeper addresses are {@link RpcZooKeeperAutoConfiguration}'s.
 */
@AutoConfiguration(after = {RpcServerAutoConfiguration.class, SslAutoConfiguration.class})
@ConditionalOnBean(RpcServerLifecycle.class)
@Conditional(OnRegistryBackendCondition.RegistryApps.class)
@EnableConfigurationProperties(RpcProperties.class)
public final class RpcRegistrationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RegistryRegistration rpcRegistryRegistration(RpcProperties properties, ObjectProvider<SslBundles> sslBundles) {
        RpcProperties.Server server = properties.getServer();
        RpcProperties.Registry registry = properties.getRegistry();
        String advertiseHost = server.getAdvertiseHost() != null ? server.getAdvertiseHost()
                : AdvertisedHost.forBindHost(server.getHost());
        SSLContext sslContext = registry.getSsl().getBundle() == null ? null
                : new RpcSslBundles(sslBundles.getIfAvailable())
                        .sslContext("rpc.registry.ssl.bundle", registry.getSsl().getBundle());
        return new RegistryRegistration(registry.registryUrls(), registry.getAuthToken(),
                registry.getHeartbeatInterval(), advertiseHost, sslContext);
    }
}
