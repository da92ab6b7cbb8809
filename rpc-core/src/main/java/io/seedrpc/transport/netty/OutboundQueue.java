package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;

import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes frames with as few flushes (write syscalls) as it can:
 * <ul>
 *   <li>from other threads, frames are queued and written from the channel's event loop in batches, one flush per
 *       batch, so many concurrent callers cost one task hand-off and one flush per batch instead of one each;</li>
 *   <li>on the event loop itself — a {@code @DirectDispatch} method answering, or a caller issuing its next call
 *       from a completion callback — frames are written at once, and while a read batch is being handled the
 *       flush waits for the end of that batch ({@link #readBatchEnded}).</li>
 * </ul>
 * A large frame ({@link FrameDecoder#LARGE_FRAME_BYTES} or more) is counted in a {@link MemoryBudget} from the
 * moment it is queued until the socket has taken it. Small frames are not counted: they are bounded by the
 * calls in flight, and counting them would cost every call a promise and shared atomic updates.
 */
final class OutboundQueue {

    /** Flush at least this often within a long batch, so the socket starts sending early. */
    private static final int MAX_WRITES_PER_FLUSH = 128;

    private final Channel channel;
    private final MemoryBudget budget;
    /**
     * Frames from other threads, many producers and the event loop as the one consumer. Netty's own MPSC array
     * queue, the one its event loops take tasks from other threads with: lock-free like a linked queue, but without
     * a node per frame (its chunks of slots are the only allocation, a few bytes a frame). From Netty's
     * {@code internal} package, as Netty exposes no public MPSC queue.
     */
    private final Queue<ByteBuf> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    // Event-loop confined.
    private boolean inReadBatch;
    private int unflushedInBatch;

    /** A queue counting its bytes in {@code budget}, which may be shared by several queues. */
    OutboundQueue(Channel channel, MemoryBudget budget) {
        this.channel = channel;
        this.budget = budget;
    }

    /**
     * Queues or writes one sealed frame, counting it in the budget even past the limit (what is accepted must
     * not be lost); ownership of the buffer passes to the queue.
     */
    void enqueue(ByteBuf frame) {
        if (isLarge(frame)) {
            budget.reserve(frame.readableBytes());
        }
        write(frame);
    }

    /**
     * Queues one sealed frame if its bytes fit in the budget; otherwise returns {@code false} and the caller
     * still owns the buffer.
     */
    boolean tryEnqueue(ByteBuf frame) {
        if (isLarge(frame) && !budget.tryReserve(frame.readableBytes())) {
            return false;
        }
        write(frame);
        return true;
    }

    private static boolean isLarge(ByteBuf frame) {
        return frame.readableBytes() >= FrameDecoder.LARGE_FRAME_BYTES;
    }

    /** Writes a frame to the channel; a large one gives its bytes back to the budget once the socket took them. */
    private void writeToChannel(ByteBuf frame) {
        if (isLarge(frame)) {
            int bytes = frame.readableBytes();
            // Completes when written, or failed when the channel closes: either way the bytes are no longer held.
            channel.write(frame).addListener(f -> budget.release(bytes));
        } else {
            channel.write(frame, channel.voidPromise());
        }
    }

    private void write(ByteBuf frame) {
        if (channel.eventLoop().inEventLoop()) {
            writeToChannel(frame);
            if (!inReadBatch || ++unflushedInBatch == MAX_WRITES_PER_FLUSH) {
                flushBatch();
            }
            return;
        }
        queue.add(frame);
        scheduleDrain();
    }

    /** Called by the connection handler on the event loop when it starts handling read frames. */
    void readBatchStarted() {
        inReadBatch = true;
    }

    /** Called by the connection handler on {@code channelReadComplete}: flushes what the batch wrote. */
    void readBatchEnded() {
        inReadBatch = false;
        if (unflushedInBatch > 0) {
            flushBatch();
        }
    }

    /**
     * Writes every frame queued so far, then closes the channel. Closing from another thread queues the close
     * behind the drain tasks already scheduled, but a drain that has just run reschedules frames queued during
     * it behind the close, which would then drop them; this drain runs in the closing task itself.
     */
    void writeQueuedThenClose() {
        try {
            channel.eventLoop().execute(() -> {
                drain();
                channel.close();
            });
        } catch (RejectedExecutionException shutDown) {
            channel.close();
        }
    }

    private void flushBatch() {
        unflushedInBatch = 0;
        channel.flush();
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
                writeToChannel(frame);
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
            if (isLarge(frame)) {
                budget.release(frame.readableBytes());
            }
            frame.release();
        }
    }
}
