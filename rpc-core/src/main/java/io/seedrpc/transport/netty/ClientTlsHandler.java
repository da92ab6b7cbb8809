package io.seedrpc.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
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
final class ClientTlsHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientTlsHandler.class);

    private final Address address;
    private final CompletableFuture<?> ready;
    private boolean failed;

    ClientTlsHandler(Address address, CompletableFuture<?> ready) {
        this.address = address;
        this.ready = ready;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            fail(ctx, handshake.cause());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (TlsFailures.isTls(cause)) {
            fail(ctx, cause);
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (failed) {
            return;   // the handshake event and the exception report one failure
        }
        failed = true;
        RpcException failure = TlsFailures.describe(address, cause);
        if (!ready.completeExceptionally(failure) && !ready.isCompletedExceptionally()) {
            log.warn("Closing the connection to {}: {}", address, failure.getMessage());
        }
        ctx.close();
    }
}
