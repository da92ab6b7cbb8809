package io.seedrpc.spring.autoconfigure;

import io.seedrpc.discovery.Discovery;
import io.seedrpc.spring.actuate.RegistryHealthProbe;
import io.seedrpc.spring.diagnostics.RpcStartupException;
import io.seedrpc.spring.registry.AdvertisedHost;
import io.seedrpc.spring.server.RpcServerLifecycle;
import io.seedrpc.spring.zookeeper.ZooKeeperServerRegistration;
import io.seedrpc.zookeeper.ZooKeeperConnection;
import io.seedrpc.zookeeper.ZooKeeperDiscovery;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Registration and discovery on the ZooKeeper ensemble named by {@code rpc.registry.addresses=zookeeper://…}:
 * one session per application, the server's ephemeral nodes while it listens, and a {@link Discovery} reading
 * them. Without {@code rpc-registry-zookeeper} on the class path the application stops at start, naming it.
 */
@AutoConfiguration(after = RpcServerAutoConfiguration.class, before = RpcDiscoveryAutoConfiguration.class)
@Conditional(OnRegistryBackendCondition.ZooKeeper.class)
@EnableConfigurationProperties(RpcProperties.class)
public final class RpcZooKeeperAutoConfiguration {

    /** The module is there: the session, the discovery and the health probe. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ZooKeeperConnection.class)
    static final class ZooKeeperAvailable {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        ZooKeeperConnection rpcZooKeeperConnection(RpcProperties properties) {
            RpcProperties.Registry registry = properties.getRegistry();
            RpcProperties.ZooKeeper settings = registry.getZookeeper();
            ZooKeeperConnection.Builder builder;
            try {
                builder = ZooKeeperConnection.builder(registry.zooKeeperServers())
                        .sessionTimeout(settings.getSessionTimeout())
                        .namespace(settings.getNamespace());
            } catch (IllegalArgumentException e) {
                throw new RpcStartupException("rpc.registry.zookeeper: " + e.getMessage(),
                        "Set rpc.registry.addresses to zookeeper://host:port,host:port and the namespace to a "
                                + "node name such as seedrpc.", e);
            }
            if (settings.getUsername() != null) {
                if (settings.getPassword() == null) {
                    throw new RpcStartupException("rpc.registry.zookeeper.username is set without a password",
                            "Set rpc.registry.zookeeper.password too, or remove the username.");
                }
                builder.digest(settings.getUsername(), settings.getPassword());
            }
            // Connects in the background: the application starts while the ensemble is away.
            return builder.build().start();
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(Discovery.class)
        Discovery rpcDiscovery(ZooKeeperConnection connection, RpcProperties properties) {
            return RpcDiscoveryAutoConfiguration.withStaticProviders(properties,
                    ZooKeeperDiscovery.builder(connection).build());
        }

        @Bean
        @ConditionalOnMissingBean(name = "rpcZooKeeperHealthProbe")
        RegistryHealthProbe rpcZooKeeperHealthProbe(ZooKeeperConnection connection) {
            return new RegistryHealthProbe() {
                @Override
                public String name() {
                    return connection.describe();
                }

                @Override
                public CompletableFuture<?> check() {
                    return connection.isConnected() ? CompletableFuture.completedFuture(null)
                            : CompletableFuture.failedFuture(new IllegalStateException("session " + connection.state()));
                }
            };
        }
    }

    /** A server to register: its nodes live while it listens. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ZooKeeperConnection.class)
    @ConditionalOnBean(RpcServerLifecycle.class)
    static final class ZooKeeperRegistrationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ZooKeeperServerRegistration rpcZooKeeperRegistration(ZooKeeperConnection connection,
                                                             RpcProperties properties) {
            RpcProperties.Server server = properties.getServer();
            String advertiseHost = server.getAdvertiseHost() != null ? server.getAdvertiseHost()
                    : AdvertisedHost.forBindHost(server.getHost());
            return new ZooKeeperServerRegistration(connection, advertiseHost);
        }
    }

    /** The addresses name ZooKeeper but the module is not there: say so at start rather than not register. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("io.seedrpc.zookeeper.ZooKeeperConnection")
    static final class ZooKeeperMissing {

        @Bean
        Object rpcZooKeeperModuleMissing(RpcProperties properties) {
            throw missingModule(properties);
        }
    }

    static RpcStartupException missingModule(RpcProperties properties) {
        return new RpcStartupException("rpc.registry.addresses names a ZooKeeper ensemble ("
                + properties.getRegistry().getAddresses().get(0) + ") but io.seedrpc:rpc-registry-zookeeper is not "
                + "on the class path",
                "Add the dependency io.seedrpc:rpc-registry-zookeeper to the application, or name registry apps "
                        + "(http://registry:8600) in rpc.registry.addresses.");
    }
}
