package io.seedrpc.server;

import io.seedrpc.transport.ServerLimits;

import java.time.Duration;

/**
 * The settings an {@link RpcServer} was built with, for diagnostics and tests.
 *
 * @param host                the bind address
 * @param port                the port as configured (0 for any free one)
 * @param ioThreads           I/O threads, 0 for Netty's default
 * @param workerThreads       the most service methods running at once
 * @param workerQueueCapacity how many calls may wait for a worker
 * @param maxFrameSize        the largest frame accepted from a client, in bytes
 * @param handshakeTimeout    how long a new connection may take to complete its handshake
 * @param idleTimeout         how long a connection may stay silent
 * @param drainTimeout        how long closing waits for calls in flight
 * @param authenticated       whether clients must present an auth token (the token itself is not exposed)
 * @param limits              bounds on connections, calls in flight and buffered bytes
 */
public record ServerSettings(String host, int port, int ioThreads, int workerThreads, int workerQueueCapacity,
                             int maxFrameSize, Duration handshakeTimeout, Duration idleTimeout,
                             Duration drainTimeout, boolean authenticated, ServerLimits limits) {
}
