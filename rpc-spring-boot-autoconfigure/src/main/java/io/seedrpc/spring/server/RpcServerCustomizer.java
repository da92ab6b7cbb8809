package io.seedrpc.spring.server;

import io.seedrpc.server.RpcServer;

/**
 * Adjusts the builder of the auto-configured {@link RpcServer} after {@code rpc.server.*} is applied: for
 * settings without a property (I/O threads, queue capacity, idle timeout, auth token, call listeners). Beans
 * of this type are applied in {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface RpcServerCustomizer {

    void customize(RpcServer.Builder builder);
}
