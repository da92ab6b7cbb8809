package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/**
 * Cuts the byte stream into frames, however TCP segments it. Each frame is passed on as a retained slice that
 * starts at the type byte. A length prefix over the limit is refused as soon as it is read, before any buffer is
 * sized for it; the exception makes the connection handler close this one connection.
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
    /** Bytes of the frame now arriving that are held in the budget. */
    private long reserved;

    /** A decoder that counts nothing. */
    FrameDecoder(int maxFrameSize) {
        this(maxFrameSize, null);
    }

    /** A decoder counting large frames still arriving in {@code budget}, {@code null} for none. */
    FrameDecoder(int maxFrameSize, MemoryBudget budget) {
        this.maxFrameSize = maxFrameSize;
        this.budget = budget;
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
            out.add(in.retainedSlice(start + 4, length));
            in.readerIndex(start + 4 + length);
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
