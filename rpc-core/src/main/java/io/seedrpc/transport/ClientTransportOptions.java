package io.seedrpc.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client transport connects.
 *
 * @param ioThreads        I/O threads, 0 for Netty's default (twice the cores)
 * @param connectTimeout   how long a TCP connect (and an HTTP CONNECT exchange) may take
 * @param handshakeTimeout how long the server may take to answer the handshake
 * @param pingInterval     how long a connection may stay silent before the client pings; the connection is
 *                         closed when nothing arrives for three intervals
 * @param maxFrameSize     the largest frame accepted from a server, in bytes
 * @param authToken        the token presented in every handshake, {@code null} for none
 */
public record ClientTransportOptions(int ioThreads, Duration connectTimeout, Duration handshakeTimeout,
                                     Duration pingInterval, int maxFrameSize, String authToken) {

    public ClientTransportOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        if (maxFrameSize < 1024) {
            throw new IllegalArgumentException("max frame size " + maxFrameSize + " is below the minimum of 1024 bytes");
        }
    }
}
