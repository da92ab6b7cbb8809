package io.seedrpc.spring.autoconfigure;

import io.seedrpc.codec.Codec;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.codec.TypeAllowlist;
import io.seedrpc.spring.diagnostics.RpcStartupException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The codecs the RPC server and client speak (Kryo, JSON, every {@link Codec} bean and every codec a
 * {@link io.seedrpc.codec.CodecProvider} on the class path adds, such as rpc-codec-protobuf's) and the type allowlist
 * they share, widened by {@code rpc.serialization.allowed-packages}.
 */
@AutoConfiguration
@EnableConfigurationProperties(RpcProperties.class)
public final class RpcSerializationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TypeAllowlist rpcTypeAllowlist(RpcProperties properties) {
        TypeAllowlist allowlist = new TypeAllowlist();
        for (String packageName : properties.getSerialization().getAllowedPackages()) {
            try {
                allowlist.allowPackage(packageName);
            } catch (IllegalArgumentException e) {
                throw new RpcStartupException("rpc.serialization.allowed-packages: " + e.getMessage(),
                        "Name the packages of your own data types instead.", e);
            }
        }
        return allowlist;
    }

    @Bean
    @ConditionalOnMissingBean
    CodecRegistry rpcCodecRegistry(TypeAllowlist allowlist, ObjectProvider<Codec> codecs) {
        return CodecRegistry.withDefaults(allowlist, codecs.orderedStream().toList());
    }
}
