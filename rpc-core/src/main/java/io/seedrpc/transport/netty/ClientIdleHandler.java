package io.seedrpc.transport.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;

import java.util.concurrent.TimeUnit;

/**
 * Tells the client's connection handler, with Netty's {@link IdleStateEvent}s, that nothing has been read for
 * {@code readerIdle} (it closes the connection) or nothing flushed for {@code writerIdle} (it pings); each event
 * comes again every interval while the silence lasts.
 *
 * <p>Netty's {@link IdleStateHandler} would tell the same, but for writer idleness it turns each write's void
 * promise into a real one with a listener: on the client, a promise, a listener call and a clock read per call.
 * This handler reads the clock once per read batch that brought a whole frame (as Netty's does) and once per
 * flush, which comes once per batch of writes, and never sees a write. A flush the socket cannot take yet counts
 * as written: a ping queued behind it would get through no sooner. Runs on the channel's event loop.
 */
final class ClientIdleHandler extends ChannelDuplexHandler {

    private final Silence reads;
    private final Silence writes;
    /** Whether a frame has been read since the last end of a read batch: bytes of a frame not yet whole are not. */
    private boolean frameRead;

    ClientIdleHandler(long readerIdle, long writerIdle, TimeUnit unit) {
        this.reads = new Silence(unit.toNanos(readerIdle), IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT,
                IdleStateEvent.READER_IDLE_STATE_EVENT);
        this.writes = new Silence(unit.toNanos(writerIdle), IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT,
                IdleStateEvent.WRITER_IDLE_STATE_EVENT);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    /**
     * A whole frame has been read. Told by the frame decoder's sink, as the client's frames are handled in place
     * and never pass down the pipeline; the clock is read at the end of the read batch.
     */
    void frameRead() {
        frameRead = true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (frameRead) {
            frameRead = false;
            reads.heard();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writes.heard();
        ctx.flush();
    }

    private void start(ChannelHandlerContext ctx) {
        reads.start(ctx);
        writes.start(ctx);
    }

    private void stop() {
        reads.stop();
        writes.stop();
    }

    /** One direction's silence: when it was last heard, and the timer that looks again when it may have lasted. */
    private static final class Silence implements Runnable {

        private final long intervalNanos;
        private final IdleStateEvent firstEvent;
        private final IdleStateEvent laterEvent;
        private ChannelHandlerContext ctx;
        private Ticker ticker;
        private long lastHeardNanos;
        private boolean first = true;
        private ScheduledFuture<?> timer;
        private boolean stopped;

        Silence(long intervalNanos, IdleStateEvent firstEvent, IdleStateEvent laterEvent) {
            if (intervalNanos <= 0) {
                throw new IllegalArgumentException("an idle interval must be positive, was " + intervalNanos + " ns");
            }
            this.intervalNanos = intervalNanos;
            this.firstEvent = firstEvent;
            this.laterEvent = laterEvent;
        }

        void start(ChannelHandlerContext context) {
            if (ctx != null || stopped) {
                return;
            }
            ctx = context;
            ticker = context.executor().ticker();
            lastHeardNanos = ticker.nanoTime();
            timer = ctx.executor().schedule(this, intervalNanos, TimeUnit.NANOSECONDS);
        }

        void heard() {
            if (ticker != null) {
                lastHeardNanos = ticker.nanoTime();
                first = true;
            }
        }

        void stop() {
            stopped = true;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        @Override
        public void run() {
            if (stopped || !ctx.channel().isOpen()) {
                return;
            }
            long left = intervalNanos - (ticker.nanoTime() - lastHeardNanos);
            if (left > 0) {
                timer = ctx.executor().schedule(this, left, TimeUnit.NANOSECONDS);
                return;
            }
            timer = ctx.executor().schedule(this, intervalNanos, TimeUnit.NANOSECONDS);
            IdleStateEvent event = first ? firstEvent : laterEvent;
            first = false;
            ctx.fireUserEventTriggered(event);
        }
    }
}
