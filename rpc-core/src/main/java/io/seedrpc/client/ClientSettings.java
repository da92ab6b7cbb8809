package io.seedrpc.client;

import io.seedrpc.cluster.ClusterMode;
import io.seedrpc.transport.ClientTransport;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything an {@link RpcClient} was built with, in one place: {@link RpcClient.Builder} makes it once, and the
 * client, its connections and its transport all read this record (references may override some defaults). Only
 * the secrets stay out of it: the auth token and the TLS key material.
 *
 * @param codec                   the default codec name
 * @param callTimeout             the default call timeout
 * @param connectTimeout          how long opening a connection may take
 * @param handshakeTimeout        how long the server may take to answer the handshake
 * @param pingInterval            how long a connection may stay silent before it is pinged
 * @param loadBalance             the default load balancer name
 * @param cluster                 the default cluster mode
 * @param retries                 how many times failover may retry
 * @param unusedConnectionTimeout how long a connection no call uses stays open (a silent connection, by
 *                                contrast, is pinged: see {@code pingInterval})
 * @param maxFrameSize            the largest frame accepted from a server, in bytes
 * @param authenticated           whether handshakes present an auth token (the token itself is not exposed)
 * @param ioThreads               I/O threads, 0 for Netty's default (twice the cores)
 * @param maxPendingCalls         calls waiting for their answers on one connection; one more fails at once with
 *                                {@code SERVER_BUSY} instead of queueing
 * @param maxUnsentBytes          bytes of large requests (64 KiB or more each) one connection may hold that the
 *                                server has not read yet; a call that does not fit fails at once with
 *                                {@code SERVER_BUSY}
 */
public record ClientSettings(String codec, Duration callTimeout, Duration connectTimeout, Duration handshakeTimeout,
                             Duration pingInterval, String loadBalance, ClusterMode cluster, int retries,
                             Duration unusedConnectionTimeout, int maxFrameSize, boolean authenticated,
                             int ioThreads, int maxPendingCalls, long maxUnsentBytes)
        implements ClientTransport.Settings {

    /** 10,000 calls pending per connection. */
    public static final int DEFAULT_MAX_PENDING_CALLS = 10_000;
    /** 64 MiB of unsent requests per connection. */
    public static final long DEFAULT_MAX_UNSENT_BYTES = 64L * 1024 * 1024;

    public ClientSettings {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(loadBalance, "loadBalance");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(unusedConnectionTimeout, "unusedConnectionTimeout");
    }

    /**
     * The settings as they were before the transport's settings joined them, with the default I/O threads and
     * bounds.
     *
     * @deprecated use the canonical constructor
     */
    @Deprecated
    public ClientSettings(String codec, Duration callTimeout, Duration connectTimeout, Duration handshakeTimeout,
                          Duration pingInterval, String loadBalance, ClusterMode cluster, int retries,
                          Duration idleTimeout, int maxFrameSize, boolean authenticated) {
        this(codec, callTimeout, connectTimeout, handshakeTimeout, pingInterval, loadBalance, cluster, retries,
                idleTimeout, maxFrameSize, authenticated, 0, DEFAULT_MAX_PENDING_CALLS, DEFAULT_MAX_UNSENT_BYTES);
    }

    /**
     * How long a connection no call uses stays open.
     *
     * @deprecated renamed {@link #unusedConnectionTimeout()}, apart from a server's idle timeout, which closes
     *             connections that have gone silent
     */
    @Deprecated
    public Duration idleTimeout() {
        return unusedConnectionTimeout;
    }

    /**
     * How much longer than its deadline a blocking call may wait for its answer: the longest a connection may
     * take to open (connect plus handshake), and a second more.
     */
    Duration connectAllowance() {
        return connectTimeout.plus(handshakeTimeout).plusSeconds(1);
    }
}
