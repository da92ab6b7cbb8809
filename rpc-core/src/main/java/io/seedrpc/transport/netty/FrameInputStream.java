package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;

import java.io.InputStream;

/**
 * The stream a codec reads a body from: the readable bytes of a frame, from its reader index to its writer index.
 * Netty's {@code ByteBufInputStream} made reusable, so that a thread decoding call after call points one stream at
 * each frame instead of making a stream per call. It supports {@link #mark} and {@link #reset} (the JSON codec reads
 * a body twice to explain a wrong argument count). Closing it does nothing; the frame's owner releases the frame,
 * and {@link FrameStreams} takes the stream back with {@link #detach()}. Used by one thread at a time.
 */
final class FrameInputStream extends InputStream {

    private ByteBuf frame;

    /** Points this stream at the readable bytes of {@code frame}; reading moves the frame's reader index. */
    FrameInputStream attach(ByteBuf frame) {
        this.frame = frame;
        return this;
    }

    /** Whether a body is being read through this stream now. */
    boolean isAttached() {
        return frame != null;
    }

    /** The body is read: the stream lets go of its frame, which its owner releases. */
    void detach() {
        frame = null;
    }

    @Override
    public int read() {
        return frame.isReadable() ? frame.readByte() & 0xFF : -1;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) {
        int available = frame.readableBytes();
        if (length == 0) {
            return 0;
        }
        if (available == 0) {
            return -1;
        }
        int count = Math.min(available, length);
        frame.readBytes(bytes, offset, count);
        return count;
    }

    @Override
    public long skip(long count) {
        int skipped = (int) Math.min(Math.max(count, 0), frame.readableBytes());
        frame.skipBytes(skipped);
        return skipped;
    }

    @Override
    public int available() {
        return frame.readableBytes();
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public void mark(int readLimit) {
        frame.markReaderIndex();
    }

    @Override
    public void reset() {
        frame.resetReaderIndex();
    }
}
