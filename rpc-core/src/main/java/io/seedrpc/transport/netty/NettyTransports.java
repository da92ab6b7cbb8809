package io.seedrpc.transport.netty;

import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.tls.TlsSettings;
import io.seedrpc.transport.HttpServices;
import io.seedrpc.transport.ServerCallHandler;
import io.seedrpc.transport.ServerTransport;
import io.seedrpc.transport.ServerTransportSettings;

/**
 * The one way into the Netty transport from outside this package: every class behind it is package-private, so
 * the server and client depend on the seams of {@code io.seedrpc.transport} alone. Internal to SeedRPC.
 */
public final class NettyTransports {

    private NettyTransports() {
    }

    /**
     * A server transport that listens for the binary protocol and HTTP on one port; {@link ServerTransport#start()}
     * binds it.
     *
     * @param authToken the token clients must present (in the handshake, and on HTTP as a bearer token),
     *                  {@code null} for none
     * @param tls       TLS for every connection, {@code null} for plaintext
     * @param calls     receives every decoded call, on the connection's I/O thread
     * @param http      what the HTTP side of the port serves besides tunnels; called on I/O threads
     * @throws IllegalArgumentException when the TLS settings cannot be used (no key material, unreadable files)
     */
    public static ServerTransport server(ServerTransportSettings settings, String authToken, TlsSettings tls,
                                         CodecRegistry codecs, ServerCallHandler calls, HttpServices http) {
        return new NettyServerTransport(settings, authToken, tls, codecs, calls, http);
    }
}
