package io.seedrpc.transport.netty;

import io.seedrpc.tls.TlsSettings;
import io.seedrpc.transport.ClientTransport;
import io.seedrpc.transport.ClientTransportProvider;

/**
 * The one public door to rpc-core's Netty client transport, registered in {@code META-INF/services}: everything
 * else of it is package-private. Epoll where Netty has it for this platform, NIO elsewhere
 * ({@code -Dseedrpc.transport=nio} forces NIO).
 */
public final class NettyClientTransportProvider implements ClientTransportProvider {

    /** For {@link java.util.ServiceLoader}. */
    public NettyClientTransportProvider() {
    }

    @Override
    public ClientTransport create(ClientTransport.Settings settings, String authToken, TlsSettings tls) {
        return new NettyClientTransport(settings, authToken, tls);
    }
}
