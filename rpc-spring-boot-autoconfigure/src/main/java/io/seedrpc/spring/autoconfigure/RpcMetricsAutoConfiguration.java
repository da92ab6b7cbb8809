package io.seedrpc.spring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.seedrpc.spring.metrics.RpcClientMetrics;
import io.seedrpc.spring.metrics.RpcServerMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer timers {@code rpc.server.requests} and {@code rpc.client.requests}, when the application has a
 * {@link MeterRegistry}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class RpcMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RpcServerMetrics rpcServerMetrics(MeterRegistry registry) {
        return new RpcServerMetrics(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    RpcClientMetrics rpcClientMetrics(MeterRegistry registry) {
        return new RpcClientMetrics(registry);
    }
}
