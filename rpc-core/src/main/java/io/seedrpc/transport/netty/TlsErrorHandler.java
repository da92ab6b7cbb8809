package io.seedrpc.transport.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Sits right after an {@code SslHandler}: a failed TLS handshake or any TLS error is reported once (the handshake
 * event and the exception describe the same failure) and closes the connection, without the error travelling
 * further down the pipeline. The two sides differ only in how they report it.
 */
abstract class TlsErrorHandler extends ChannelInboundHandlerAdapter {

    private boolean reported;

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
        if (!reported) {
            reported = true;
            report(ctx, cause);
        }
        ctx.close();
    }

    /** Reports the connection's first TLS failure; called once, on the event loop, before the close. */
    abstract void report(ChannelHandlerContext ctx, Throwable cause);
}
