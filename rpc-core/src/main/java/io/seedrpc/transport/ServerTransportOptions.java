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
 */
public record ServerTransportOptions(String host, int port, int ioThreads, int maxFrameSize,
                                     Duration handshakeTimeout, Duration idleTimeout, String authToken,
                                     boolean httpEnabled) {

    /** Options with HTTP on. */
    public ServerTransportOptions(String host, int port, int ioThreads, int maxFrameSize, Duration handshakeTimeout,
                                  Duration idleTimeout, String authToken) {
        this(host, port, ioThreads, maxFrameSize, handshakeTimeout, idleTimeout, authToken, true);
    }

    public ServerTransportOptions {
        Objects.requireNonNull(host, "host");
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
