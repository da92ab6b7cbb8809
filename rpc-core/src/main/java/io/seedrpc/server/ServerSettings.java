package io.seedrpc.server;

import io.seedrpc.transport.MetadataLimits;
import io.seedrpc.transport.ServerLimits;
import io.seedrpc.transport.ServerTransportSettings;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of an {@link RpcServer}: the one record its {@link RpcServer.Builder} builds, read by the server and
 * its transport alike, and given back by {@link RpcServer#settings()} for diagnostics and tests. The auth token is
 * not part of it (only whether there is one).
 *
 * @param host                       the bind address
 * @param port                       the port as configured (0 for any free one)
 * @param ioThreads                  I/O threads, 0 for Netty's default
 * @param workerThreads              the most service methods running at once
 * @param workerQueueCapacity        how many calls may wait for a worker
 * @param maxFrameSize               the largest frame accepted from a client, in bytes
 * @param unfinishedHandshakeTimeout how long a new connection may go without completing its handshake (HTTP:
 *                                   without a whole request arriving) before it is closed
 * @param silentConnectionTimeout    how long a connection may send nothing at all before it is closed
 * @param drainTimeout               how long closing waits for calls in flight
 * @param authenticated              whether clients must present an auth token (the token itself is not exposed)
 * @param httpEnabled                whether the port speaks HTTP besides the binary protocol
 * @param limits                     bounds on connections, calls in flight and buffered bytes
 * @param metadataLimits             how much request metadata a call may carry
 */
public record ServerSettings(String host, int port, int ioThreads, int workerThreads, int workerQueueCapacity,
                             int maxFrameSize, Duration unfinishedHandshakeTimeout, Duration silentConnectionTimeout,
                             Duration drainTimeout, boolean authenticated, boolean httpEnabled, ServerLimits limits,
                             MetadataLimits metadataLimits) implements ServerTransportSettings {

    public ServerSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(unfinishedHandshakeTimeout, "unfinishedHandshakeTimeout");
        Objects.requireNonNull(silentConnectionTimeout, "silentConnectionTimeout");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(metadataLimits, "metadataLimits");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("server port " + port + " is outside 0..65535");
        }
        if (maxFrameSize < 1024) {
            throw new IllegalArgumentException("max frame size " + maxFrameSize + " is below the minimum of 1024 bytes");
        }
    }

    /**
     * The settings as they were described before HTTP and metadata limits joined them: HTTP on, the default metadata
     * limits.
     *
     * @deprecated settings come from {@link RpcServer.Builder}; this constructor stays for code that made them itself
     */
    @Deprecated
    public ServerSettings(String host, int port, int ioThreads, int workerThreads, int workerQueueCapacity,
                          int maxFrameSize, Duration handshakeTimeout, Duration idleTimeout, Duration drainTimeout,
                          boolean authenticated, ServerLimits limits) {
        this(host, port, ioThreads, workerThreads, workerQueueCapacity, maxFrameSize, handshakeTimeout, idleTimeout,
                drainTimeout, authenticated, true, limits, MetadataLimits.DEFAULT);
    }

    /**
     * The old name of {@link #unfinishedHandshakeTimeout()}.
     *
     * @deprecated a client's handshake timeout is how long it waits for the server; this one is how long the server
     *             waits for a client, hence the new name
     */
    @Deprecated
    public Duration handshakeTimeout() {
        return unfinishedHandshakeTimeout;
    }

    /**
     * The old name of {@link #silentConnectionTimeout()}.
     *
     * @deprecated "idle" meant other things elsewhere (a client closes connections it has not used); this one is
     *             about a connection that sends nothing, hence the new name
     */
    @Deprecated
    public Duration idleTimeout() {
        return silentConnectionTimeout;
    }
}
