package io.seedrpc.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right after the server's {@code SslHandler}: logs a failed TLS handshake once, naming the peer, and closes
 * the connection on any TLS error (a client with an untrusted or missing certificate, garbage instead of TLS
 * records) without the error travelling further down the pipeline.
 */
final class ServerTlsHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ServerTlsHandler.class);

    private boolean logged;

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
        if (!logged) {
            logged = true;
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            log.warn("Closing connection from {}: TLS failed: {}", ctx.channel().remoteAddress(), root.getMessage());
        }
        ctx.close();
    }
}
