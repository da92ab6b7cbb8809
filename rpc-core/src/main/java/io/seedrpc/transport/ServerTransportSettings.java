package io.seedrpc.transport;

import java.time.Duration;

/**
 * What a server transport reads from the server's settings: where to listen and the bounds it keeps per connection.
 * Implemented by the server's one settings record, so that no setting is copied between records on its way from
 * the builder to the wire. The auth token and the TLS key material are not settings anyone may read back: the
 * transport is given them apart.
 */
public interface ServerTransportSettings {

    /** The address to bind, {@code 0.0.0.0} for every interface. */
    String host();

    /** The port to bind, 0 for any free port. */
    int port();

    /** I/O threads, 0 for Netty's default (twice the cores). */
    int ioThreads();

    /** The largest frame accepted from a client, in bytes. */
    int maxFrameSize();

    /**
     * How long a new connection may go without completing its handshake (an HTTP connection: without a whole
     * request arriving) before it is closed.
     */
    Duration unfinishedHandshakeTimeout();

    /** How long a connection may send nothing at all (clients ping sooner) before it is closed. */
    Duration silentConnectionTimeout();

    /** Whether the port speaks HTTP at all: JSON calls, {@code GET /rpc}, the debug page and {@code CONNECT} tunnels. */
    boolean httpEnabled();

    /** Bounds on connections, calls and buffered bytes. */
    ServerLimits limits();

    /** How much request metadata a call may carry. */
    MetadataLimits metadataLimits();
}
