package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Bounds the time one HTTP request may take to arrive, head and body: the first bytes of a request arm it, a
 * complete request disarms it, and if it fires the endpoint answers 408 and closes. Without it a client trickling
 * a byte now and then would hold a connection and its partly filled buffers for as long as the idle timeout
 * allows. Used on the connection's event loop only.
 */
final class HttpRequestDeadline extends ChannelInboundHandlerAdapter {

    private final long timeoutMillis;
    private final Runnable onTimeout;
    private ScheduledFuture<?> timer;

    HttpRequestDeadline(long timeoutMillis, Runnable onTimeout) {
        this.timeoutMillis = timeoutMillis;
        this.onTimeout = onTimeout;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (timer == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            timer = ctx.executor().schedule(this::fire, timeoutMillis, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    private void fire() {
        timer = null;
        onTimeout.run();
    }

    /** A whole request (or a refused one) has arrived: the next request's first bytes arm the deadline again. */
    void requestArrived() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        requestArrived();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        requestArrived();
        ctx.fireChannelInactive();
    }
}
