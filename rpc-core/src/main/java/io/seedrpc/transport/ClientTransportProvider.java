package io.seedrpc.transport;

import io.seedrpc.tls.TlsSettings;

/**
 * Makes {@link ClientTransport}s; found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/io.seedrpc.transport.ClientTransportProvider}. rpc-core registers its Netty
 * transport there.
 */
public interface ClientTransportProvider {

    /**
     * A new transport.
     *
     * @param authToken the token presented in every handshake, {@code null} for none
     * @param tls       TLS for every connection, {@code null} for plaintext
     * @throws IllegalArgumentException when the TLS settings cannot be used
     */
    ClientTransport create(ClientTransport.Settings settings, String authToken, TlsSettings tls);
}
