package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Collects frames written from any thread and writes them from the channel's event loop in batches, with one
 * flush per batch: many concurrent callers then cost one task hand-off and one {@code write} syscall per batch
 * instead of one each.
 */
final class OutboundQueue {

    /** Flush at least this often within a long batch, so the socket starts sending early. */
    private static final int MAX_WRITES_PER_FLUSH = 128;

    private final Channel channel;
    private final Queue<ByteBuf> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;

    OutboundQueue(Channel channel) {
        this.channel = channel;
    }

    /** Queues one sealed frame; ownership of the buffer passes to the queue. */
    void enqueue(ByteBuf frame) {
        queue.add(frame);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drainTask);
            } catch (RejectedExecutionException shutDown) {
                discardAll();
            }
        }
    }

    private void drain() {
        try {
            int unflushed = 0;
            ByteBuf frame;
            while ((frame = queue.poll()) != null) {
                channel.write(frame, channel.voidPromise());
                if (++unflushed == MAX_WRITES_PER_FLUSH) {
                    channel.flush();
                    unflushed = 0;
                }
            }
            if (unflushed > 0) {
                channel.flush();
            }
        } finally {
            drainScheduled.set(false);
            // A frame queued after the last poll but before the flag was cleared would otherwise wait forever.
            if (!queue.isEmpty()) {
                scheduleDrain();
            }
        }
    }

    private void discardAll() {
        ByteBuf frame;
        while ((frame = queue.poll()) != null) {
            frame.release();
        }
    }
}
