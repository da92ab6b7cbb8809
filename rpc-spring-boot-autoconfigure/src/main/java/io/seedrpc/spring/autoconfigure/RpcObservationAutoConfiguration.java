package io.seedrpc.spring.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.seedrpc.observation.ObservationClientInterceptor;
import io.seedrpc.observation.ObservationServerInterceptor;
import io.seedrpc.observation.RpcClientObservationConvention;
import io.seedrpc.observation.RpcServerObservationConvention;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Observes every call both sides make when the application has an {@link ObservationRegistry} (Spring Boot's
 * actuator gives one): timers {@code rpc.server.requests} and {@code rpc.client.requests} through a
 * {@code MeterRegistry}, and with Micrometer Tracing a client span per call and a server span per call served, in
 * one trace. The interceptors are ordered first, so that they are outermost. A
 * {@link RpcClientObservationConvention} or {@link RpcServerObservationConvention} bean replaces the default
 * names and tags.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class RpcObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ObservationServerInterceptor rpcObservationServerInterceptor(ObservationRegistry registry,
            ObjectProvider<RpcServerObservationConvention> convention) {
        return new ObservationServerInterceptor(registry, convention.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ObservationClientInterceptor rpcObservationClientInterceptor(ObservationRegistry registry,
            ObjectProvider<RpcClientObservationConvention> convention) {
        return new ObservationClientInterceptor(registry, convention.getIfAvailable());
    }
}
