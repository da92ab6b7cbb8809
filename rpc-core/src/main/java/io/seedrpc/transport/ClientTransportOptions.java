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
 * @param maxPendingCalls  calls waiting for their answers on one connection; one more fails at once with
 *                         {@code SERVER_BUSY} instead of queueing
 * @param maxUnsentBytes   bytes of large requests (64 KiB or more each) one connection may hold that the server has not read yet; a call
 *                         that does not fit fails at once with {@code SERVER_BUSY}
 */
public record ClientTransportOptions(int ioThreads, Duration connectTimeout, Duration handshakeTimeout,
                                     Duration pingInterval, int maxFrameSize, String authToken,
                                     int maxPendingCalls, long maxUnsentBytes) {

    /** 10,000 calls pending per connection. */
    public static final int DEFAULT_MAX_PENDING_CALLS = 10_000;
    /** 64 MiB of unsent requests per connection. */
    public static final long DEFAULT_MAX_UNSENT_BYTES = 64L * 1024 * 1024;

    /** Options with the default bounds on pending calls and unsent bytes. */
    public ClientTransportOptions(int ioThreads, Duration connectTimeout, Duration handshakeTimeout,
                                  Duration pingInterval, int maxFrameSize, String authToken) {
        this(ioThreads, connectTimeout, handshakeTimeout, pingInterval, maxFrameSize, authToken,
                DEFAULT_MAX_PENDING_CALLS, DEFAULT_MAX_UNSENT_BYTES);
    }

    public ClientTransportOptions {
        if (maxPendingCalls < 1) {
            throw new IllegalArgumentException("max pending calls " + maxPendingCalls + " is below 1");
        }
        if (maxUnsentBytes < 1024 * 1024) {
            throw new IllegalArgumentException("max unsent bytes " + maxUnsentBytes + " is below 1 MiB");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        if (maxFrameSize < 1024) {
            throw new IllegalArgumentException("max frame size " + maxFrameSize + " is below the minimum of 1024 bytes");
        }
    }
}
