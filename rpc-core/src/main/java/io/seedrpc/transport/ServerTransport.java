package io.seedrpc.transport;

import java.time.Duration;

/**
 * The wire side of a server, as the server sees it: listens on one port, decodes calls and hands each one to a
 * {@link ServerCallHandler}, and drains and closes when told. The server depends on this seam alone; the Netty
 * implementation comes from {@code NettyTransports} in the {@code netty} subpackage.
 *
 * <p>Lifecycle: {@link #start()} binds (and fails at once when it cannot); {@link #stopAccepting()} closes the
 * listening socket and tells connected clients to send no new calls; {@link #close()} closes every connection and
 * stops the transport's threads. Thread-safe. Internal to SeedRPC: users build an {@code RpcServer} instead.
 */
public interface ServerTransport extends AutoCloseable {

    /**
     * Binds the port.
     *
     * @throws io.seedrpc.RpcException naming the host and port when it cannot be bound
     */
    void start();

    /**
     * The port actually bound (useful with port 0).
     *
     * @throws IllegalStateException before {@link #start()}
     */
    int port();

    /** Connections open now: binary, tunnelled or HTTP. */
    int connectionCount();

    /** Bytes held now, all connections together, in large frames arriving, requests not yet decoded and unsent answers. */
    long bufferedBytes();

    /**
     * Closes the listening socket and tells every client to send no new calls on its connections. Calls in flight
     * go on. Idempotent.
     */
    void stopAccepting();

    /**
     * Waits, at most {@code timeout}, until every client told to drain by {@link #stopAccepting()} has closed its
     * connection (SeedRPC clients close once their calls are answered). Returns whether they all did.
     */
    boolean awaitClientsClosed(Duration timeout);

    /** How many connections that completed the binary handshake are open. */
    int rpcConnectionCount();

    /** Stops accepting, then closes every connection and stops the transport's threads, waiting a bounded time. Idempotent. */
    @Override
    void close();
}
