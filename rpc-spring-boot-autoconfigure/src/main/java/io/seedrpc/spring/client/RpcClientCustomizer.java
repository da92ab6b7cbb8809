package io.seedrpc.spring.client;

import io.seedrpc.client.RpcClient;

/**
 * Adjusts the builder of the auto-configured {@link RpcClient} after {@code rpc.client.*} and the
 * {@code LoadBalancer}, {@code ClientInterceptor} and {@code Discovery} beans are applied: for settings without a
 * property (I/O threads, ping interval, unused-connection timeout, auth token). Beans of this type are applied in
 * {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface RpcClientCustomizer {

    void customize(RpcClient.Builder builder);
}
