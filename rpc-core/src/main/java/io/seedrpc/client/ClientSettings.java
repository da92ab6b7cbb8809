package io.seedrpc.client;

import io.seedrpc.cluster.ClusterMode;

import java.time.Duration;

/**
 * The defaults an {@link RpcClient} was built with, for diagnostics and tests; references may override some.
 *
 * @param codec            the default codec name
 * @param callTimeout      the default call timeout
 * @param connectTimeout   how long opening a connection may take
 * @param handshakeTimeout how long the server may take to answer the handshake
 * @param pingInterval     how long a connection may stay silent before it is pinged
 * @param loadBalance      the default load balancer name
 * @param cluster          the default cluster mode
 * @param retries          how many times failover may retry
 * @param idleTimeout      how long an unused connection stays open
 * @param maxFrameSize     the largest frame accepted from a server, in bytes
 * @param authenticated    whether handshakes present an auth token (the token itself is not exposed)
 */
public record ClientSettings(String codec, Duration callTimeout, Duration connectTimeout, Duration handshakeTimeout,
                             Duration pingInterval, String loadBalance, ClusterMode cluster, int retries,
                             Duration idleTimeout, int maxFrameSize, boolean authenticated) {
}
