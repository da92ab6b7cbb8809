package io.seedrpc.spring.autoconfigure;

import io.seedrpc.UnknownNameException;
import io.seedrpc.client.RpcClient;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.discovery.Discovery;
import io.seedrpc.invoke.ClientInterceptor;
import io.seedrpc.loadbalance.LoadBalancer;
import io.seedrpc.spring.client.RpcClientCustomizer;
import io.seedrpc.spring.client.RpcReferenceInjector;
import io.seedrpc.spring.diagnostics.RpcStartupException;
import io.seedrpc.spring.ssl.RpcSslBundles;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

/**
 * The RPC client behind every {@code @RpcReference} field, with {@code rpc.client.*} as its defaults, the
 * application's {@link Discovery}, and its {@link LoadBalancer} and {@link ClientInterceptor} beans.
 */
@AutoConfiguration(after = {RpcSerializationAutoConfiguration.class, RpcDiscoveryAutoConfiguration.class,
        SslAutoConfiguration.class})
@EnableConfigurationProperties(RpcProperties.class)
public final class RpcClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RpcClient rpcClient(RpcProperties properties, CodecRegistry codecs, ObjectProvider<Discovery> discovery,
                        ObjectProvider<LoadBalancer> loadBalancers, ObjectProvider<ClientInterceptor> interceptors,
                        ObjectProvider<RpcClientCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
        RpcProperties.Client client = properties.getClient();
        RpcClient.Builder builder = RpcClient.builder()
                .codecs(codecs)
                .codec(client.getCodec())
                .callTimeout(client.getTimeout())
                .connectTimeout(client.getConnectTimeout())
                .retries(client.getRetries())
                .loadBalance(client.getLoadBalance())
                .cluster(client.getCluster())
                .maxPendingCalls(client.getMaxPendingCalls())
                .maxUnsentBytes(client.getMaxUnsentSize().toBytes())
                .discovery(discovery.getIfAvailable());
        if (client.getSsl().getBundle() != null) {
            builder.tls(new RpcSslBundles(sslBundles.getIfAvailable())
                    .clientTls("rpc.client.ssl.bundle", client.getSsl().getBundle()));
        }
        loadBalancers.orderedStream().forEach(builder::registerLoadBalancer);
        interceptors.orderedStream().forEach(builder::interceptor);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new RpcStartupException("Cannot create the RPC client: " + e.getMessage(), "Check rpc.client.codec ("
                    + client.getCodec() + ") and rpc.client.load-balance (" + client.getLoadBalance()
                    + "), or declare a Codec or LoadBalancer bean of that name; with rpc.client.ssl.bundle, check"
                    + " that bundle's stores and options"
                    + UnknownNameException.find(e).flatMap(RpcClientAutoConfiguration::addModule).orElse("."), e);
        }
    }

    /** The advice to add the module that brings the unknown codec, when there is one (protobuf's). */
    private static Optional<String> addModule(UnknownNameException unknown) {
        return unknown.missingModule().map(module -> "; for " + unknown.name() + ", add " + module
                + " to the dependencies.");
    }

    @Bean
    @ConditionalOnMissingBean
    static RpcReferenceInjector rpcReferenceInjector(ObjectProvider<RpcClient> client) {
        return new RpcReferenceInjector(client);
    }
}
