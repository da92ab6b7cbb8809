package io.seedrpc.codec;

import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The bytes between a buffer's position and its limit as a stream, for codecs that read streams only: what
 * {@link Codec}'s {@code ByteBuffer} methods hand them by default. Reading moves the buffer's position.
 */
final class ByteBufferInputStream extends InputStream {

    private final ByteBuffer body;

    ByteBufferInputStream(ByteBuffer body) {
        this.body = body;
    }

    @Override
    public int read() {
        return body.hasRemaining() ? body.get() & 0xFF : -1;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int count = Math.min(length, body.remaining());
        if (count == 0) {
            return -1;
        }
        body.get(bytes, offset, count);
        return count;
    }

    @Override
    public long skip(long count) {
        int skipped = (int) Math.max(0, Math.min(count, body.remaining()));
        body.position(body.position() + skipped);
        return skipped;
    }

    @Override
    public int available() {
        return body.remaining();
    }
}
