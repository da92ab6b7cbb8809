package io.seedrpc.transport.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Fires {@link IdleStateEvent#FIRST_WRITER_IDLE_STATE_EVENT}, then {@link IdleStateEvent#WRITER_IDLE_STATE_EVENT}
 * every interval, while nothing has been flushed to the channel for {@code interval}: the client's cue to ping.
 *
 * <p>Netty's {@link IdleStateHandler} tells the same by the completion of every write, which turns each write's
 * void promise into a real one with a listener: on the client, one promise, one listener call and one clock read
 * per call. Flushes come once per batch of writes, so this handler reads the clock once per batch and never
 * touches a write. A flush that the socket cannot take yet counts as activity; a ping queued behind it would not
 * get through sooner either. Runs on the channel's event loop.
 */
final class WriterIdleHandler extends ChannelDuplexHandler {

    private final long intervalNanos;
    private long lastFlushNanos;
    private boolean firstEvent = true;
    private ScheduledFuture<?> check;

    WriterIdleHandler(long interval, TimeUnit unit) {
        if (interval <= 0) {
            throw new IllegalArgumentException("the writer idle interval must be positive, was " + interval);
        }
        this.intervalNanos = unit.toNanos(interval);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        lastFlushNanos = ctx.executor().ticker().nanoTime();
        firstEvent = true;
        ctx.flush();
    }

    private void start(ChannelHandlerContext ctx) {
        if (check != null) {
            return;
        }
        lastFlushNanos = ctx.executor().ticker().nanoTime();
        check = ctx.executor().schedule(() -> checkIdle(ctx), intervalNanos, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void checkIdle(ChannelHandlerContext ctx) {
        if (check == null || !ctx.channel().isOpen()) {
            return;
        }
        long left = intervalNanos - (ctx.executor().ticker().nanoTime() - lastFlushNanos);
        if (left > 0) {
            check = ctx.executor().schedule(() -> checkIdle(ctx), left, TimeUnit.NANOSECONDS);
            return;
        }
        check = ctx.executor().schedule(() -> checkIdle(ctx), intervalNanos, TimeUnit.NANOSECONDS);
        IdleStateEvent event = firstEvent ? IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT
                : IdleStateEvent.WRITER_IDLE_STATE_EVENT;
        firstEvent = false;
        ctx.fireUserEventTriggered(event);
    }
}
