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
 */
final class FrameDecoder extends ByteToMessageDecoder {

    private final int maxFrameSize;

    FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
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
                return;
            }
            out.add(in.retainedSlice(start + 4, length));
            in.readerIndex(start + 4 + length);
        }
    }
}
