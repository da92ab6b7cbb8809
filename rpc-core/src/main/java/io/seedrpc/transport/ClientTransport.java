package io.seedrpc.transport;

import io.seedrpc.Address;
import io.seedrpc.codec.Codec;
import io.seedrpc.tls.TlsSettings;

import java.time.Duration;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * Opens connections to servers: the one seam between a client and the bytes on the wire. A client holds one
 * transport, which owns its I/O threads and every connection it opened; {@link #close()} closes them all.
 * Implementations are found through {@link ClientTransportProvider} (rpc-core's own is on Netty), so the client
 * never names one. Thread-safe.
 */
public interface ClientTransport extends AutoCloseable {

    /**
     * What a transport reads from the client's settings (the client's one settings record implements it).
     */
    interface Settings {

        /** I/O threads, 0 for the transport's default. */
        int ioThreads();

        /** How long a TCP connect (and an HTTP CONNECT exchange) may take. */
        Duration connectTimeout();

        /** How long the server may take to answer the handshake. */
        Duration handshakeTimeout();

        /** How long a connection may stay silent before it is pinged; it closes after three silent intervals. */
        Duration pingInterval();

        /** The largest frame accepted from a server, in bytes. */
        int maxFrameSize();

        /** Calls waiting for their answers on one connection; one more fails at once with {@code SERVER_BUSY}. */
        int maxPendingCalls();

        /** Bytes of large requests one connection may hold that the server has not read yet. */
        long maxUnsentBytes();
    }

    /**
     * The transport of the first {@link ClientTransportProvider} on rpc-core's class path.
     *
     * @param authToken the token presented in every handshake, {@code null} for none
     * @param tls       TLS for every connection, {@code null} for plaintext
     * @throws IllegalArgumentException when the TLS settings cannot be used
     * @throws IllegalStateException    when no provider is found (a repackaged jar lost its
     *                                  {@code META-INF/services} entry)
     */
    static ClientTransport create(Settings settings, String authToken, TlsSettings tls) {
        ClientTransportProvider provider = ServiceLoader.load(ClientTransportProvider.class,
                        ClientTransport.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + ClientTransportProvider.class.getName()
                        + " found: rpc-core's META-INF/services entry for it is missing from the class path"));
        return provider.create(settings, authToken, tls);
    }

    /**
     * Connects to {@code address}, opens the HTTP tunnel if its scheme asks for one, and completes the handshake
     * for {@code codec}. Never blocks. The future fails with an {@link io.seedrpc.RpcException} naming the
     * address: status {@link io.seedrpc.StatusCode#CONNECTION_ERROR} when the connection cannot be made, the tunnel
     * is refused or the handshake times out, {@link io.seedrpc.StatusCode#UNAUTHORIZED} when the server rejects
     * the auth token.
     */
    CompletableFuture<ClientConnection> connect(Address address, Codec codec);

    /** Closes every connection (their pending calls fail) and stops the I/O threads. */
    @Override
    void close();
}
