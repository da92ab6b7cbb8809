package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/**
 * Cuts the byte stream into frames, however TCP segments it. Each frame is passed on as a retained slice that
 * starts at the type byte or, with a {@link FrameSink} (the client), handed to the sink in place: the read buffer
 * itself, bounded to the frame for the call (no object and no reference count per frame). A length prefix over the
 * limit is refused as soon as it is read, before any buffer is sized for it; the exception makes the connection
 * handler close this one connection.
 *
 * <p>With a {@link MemoryBudget} (on a server), a large frame that is still arriving holds its announced length
 * in the budget until it is complete; when the budget cannot take it, the frame is refused with a
 * {@link FrameRefusedException} naming its request id, so that the caller hears why.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    /** Frames at least this long are counted in the budget while they arrive; smaller ones are bounded by count. */
    static final int LARGE_FRAME_BYTES = 64 * 1024;

    /** Length prefix, type byte and the request id: what a refusal needs to name the call. */
    private static final int HEADER_WITH_ID = 4 + 1 + 8;

    private final int maxFrameSize;
    private final MemoryBudget budget;
    private final FrameSink sink;
    /** Bytes of the frame now arriving that are held in the budget. */
    private long reserved;

    /** A decoder that counts nothing and hands each frame to {@code sink} instead of passing it on. */
    FrameDecoder(int maxFrameSize, FrameSink sink) {
        this(maxFrameSize, null, sink);
    }

    /** A decoder counting large frames still arriving in {@code budget}, {@code null} for none. */
    FrameDecoder(int maxFrameSize, MemoryBudget budget) {
        this(maxFrameSize, budget, null);
    }

    private FrameDecoder(int maxFrameSize, MemoryBudget budget, FrameSink sink) {
        this.maxFrameSize = maxFrameSize;
        this.budget = budget;
        this.sink = sink;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int start = in.readerIndex();
            int length = in.getInt(start);
            if (length < 1) {
                in.skipBytes(in.readableBytes());
                throw new CorruptedFrameException("frame length " + length + " is below the minimum of 1");
            }
            if (length > maxFrameSize) {
                // Drop what is buffered so the close that follows does not decode, and report, it again.
                in.skipBytes(in.readableBytes());
                throw new TooLongFrameException("frame of " + length + " bytes is over the limit of "
                        + maxFrameSize + " bytes");
            }
            if (in.readableBytes() < 4 + length) {
                holdInBudget(in, start, length);
                return;
            }
            releaseReserved();
            int end = start + 4 + length;
            if (sink == null) {
                out.add(in.retainedSlice(start + 4, length));
                in.readerIndex(end);
            } else {
                handInPlace(in, start + 4, end);
            }
        }
    }

    /**
     * Hands the sink the frame from {@code from} to {@code end} as the read buffer itself, its writer index moved to
     * the frame's end for the call, so that reading cannot run into the next frame; afterwards the buffer's
     * indices are put back past the frame, whatever the sink did with them.
     */
    private void handInPlace(ByteBuf in, int from, int end) {
        int writerIndex = in.writerIndex();
        in.setIndex(from, end);
        try {
            sink.onFrame(in);
        } finally {
            in.setIndex(end, writerIndex);
        }
    }

    private void holdInBudget(ByteBuf in, int start, int length) {
        if (budget == null || reserved > 0 || length < LARGE_FRAME_BYTES || in.readableBytes() < HEADER_WITH_ID) {
            return;
        }
        if (budget.tryReserve(length)) {
            reserved = length;
            return;
        }
        boolean request = in.getByte(start + 4) == FrameType.REQUEST.code();
        long requestId = request ? in.getLong(start + 5) : -1;
        in.skipBytes(in.readableBytes());
        throw new FrameRefusedException(requestId, "the server's memory budget of " + budget.limit()
                + " bytes for frames in transit and answers not yet sent is spent (" + budget.used()
                + " bytes held); a frame of " + length + " bytes was refused");
    }

    private void releaseReserved() {
        if (reserved > 0) {
            budget.release(reserved);
            reserved = 0;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releaseReserved();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        releaseReserved();
    }
}
