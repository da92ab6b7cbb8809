package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;

import java.io.OutputStream;

/**
 * The stream a codec writes a body through, appending to a frame: Netty's {@code ByteBufOutputStream} made
 * reusable, so that a thread coding call after call points one stream at each frame instead of making a stream
 * per call. Closing it does nothing, as closing Netty's does not stop writes either; {@link FrameStreams} takes it
 * back with {@link #detach()}. Used by one thread at a time.
 */
final class FrameOutputStream extends OutputStream {

    private ByteBuf frame;

    /** Points this stream at {@code frame}; its bytes are appended at the frame's writer index. */
    FrameOutputStream attach(ByteBuf frame) {
        this.frame = frame;
        return this;
    }

    /** The body is written: the stream lets go of the frame, which goes on to be sent. */
    void detach() {
        frame = null;
    }

    /** Whether a body is being written through this stream now. */
    boolean isAttached() {
        return frame != null;
    }

    @Override
    public void write(int b) {
        frame.writeByte(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        if (length != 0) {
            frame.writeBytes(bytes, offset, length);
        }
    }
}
