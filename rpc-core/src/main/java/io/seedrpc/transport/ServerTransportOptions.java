package io.seedrpc.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How a server transport listens.
 *
 * @param host             the address to bind, {@code 0.0.0.0} for every interface
 * @param port             the port to bind, 0 for any free port
 * @param ioThreads        I/O threads, 0 for Netty's default (twice the cores)
 * @param maxFrameSize     the largest frame accepted from a client, in bytes
 * @param handshakeTimeout how long a new connection may take to complete its handshake
 * @param idleTimeout      how long a connection may stay silent (clients ping) before it is closed
 * @param authToken        the token clients must present in the handshake (and HTTP calls as a bearer token),
 *                         {@code null} for none
 * @param httpEnabled      whether the port speaks HTTP at all: JSON calls, {@code GET /rpc}, the debug page and
 *                         {@code CONNECT} tunnels
 * @param limits           bounds on connections, calls and buffered bytes
 * @param metadataLimits   how much request metadata a call may carry
 */
public record ServerTransportOptions(String host, int port, int ioThreads, int maxFrameSize,
                                     Duration handshakeTimeout, Duration idleTimeout, String authToken,
                                     boolean httpEnabled, ServerLimits limits, MetadataLimits metadataLimits) {

    /** Options with HTTP on, {@link ServerLimits#defaults()} and the default {@link MetadataLimits}. */
    public ServerTransportOptions(String host, int port, int ioThreads, int maxFrameSize, Duration handshakeTimeout,
                                  Duration idleTimeout, String authToken) {
        this(host, port, ioThreads, maxFrameSize, handshakeTimeout, idleTimeout, authToken, true);
    }

    /** Options with {@link ServerLimits#defaults()} and the default {@link MetadataLimits}. */
    public ServerTransportOptions(String host, int port, int ioThreads, int maxFrameSize, Duration handshakeTimeout,
                                  Duration idleTimeout, String authToken, boolean httpEnabled) {
        this(host, port, ioThreads, maxFrameSize, handshakeTimeout, idleTimeout, authToken, httpEnabled,
                ServerLimits.defaults());
    }

    /** Options with the default {@link MetadataLimits}. */
    public ServerTransportOptions(String host, int port, int ioThreads, int maxFrameSize, Duration handshakeTimeout,
                                  Duration idleTimeout, String authToken, boolean httpEnabled, ServerLimits limits) {
        this(host, port, ioThreads, maxFrameSize, handshakeTimeout, idleTimeout, authToken, httpEnabled, limits,
                MetadataLimits.DEFAULT);
    }

    public ServerTransportOptions {
        Objects.requireNonNull(metadataLimits, "metadataLimits");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("server port " + port + " is outside 0..65535");
        }
        if (maxFrameSize < 1024) {
            throw new IllegalArgumentException("max frame size " + maxFrameSize + " is below the minimum of 1024 bytes");
        }
    }
}
