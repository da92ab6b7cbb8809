package io.seedrpc.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import io.seedrpc.Address;
import io.seedrpc.RpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/**
 * Sits right after the client's {@code SslHandler}: a failed TLS handshake, or a TLS error before the RPC
 * handshake completed, fails the connection attempt at once with an error that says what to fix
 * ({@link TlsFailures}); a TLS error later closes the connection, which fails its pending calls.
 */
final class ClientTlsHandler extends TlsErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ClientTlsHandler.class);

    private final Address address;
    private final CompletableFuture<?> ready;

    ClientTlsHandler(Address address, CompletableFuture<?> ready) {
        this.address = address;
        this.ready = ready;
    }

    @Override
    void report(ChannelHandlerContext ctx, Throwable cause) {
        RpcException failure = TlsFailures.describe(address, cause);
        if (!ready.completeExceptionally(failure) && !ready.isCompletedExceptionally()) {
            log.warn("Closing the connection to {}: {}", address, failure.getMessage());
        }
    }
}
