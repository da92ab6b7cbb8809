package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the service and method keys of requests without decoding a new String each time: a connection sends
 * the same few keys over and over, so the bytes are compared with the last key seen in their slot and the
 * String made then is returned. A key is copied out of the frame in one bulk read and hashed and compared as an
 * array, not byte by byte through the buffer (each of which checks bounds and the reference count). Keys longer
 * than {@value #MAX_CACHED_BYTES} bytes, which no service or method key comes near, are decoded every time.
 * Confined to one connection's event loop; holds at most 64 keys.
 */
final class KeyCache {

    private static final int SLOTS = 64;
    static final int MAX_CACHED_BYTES = 512;

    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];
    private final byte[] scratch = new byte[MAX_CACHED_BYTES];

    /**
     * Reads a short string (see {@link Frames#readShortString}).
     *
     * @throws IndexOutOfBoundsException when the frame ends inside it
     */
    String read(ByteBuf buf) {
        int length = buf.readUnsignedShort();
        if (length == 0) {
            return "";
        }
        if (length > buf.readableBytes()) {
            throw new IndexOutOfBoundsException("string of " + length + " bytes runs past the end of the frame");
        }
        if (length > MAX_CACHED_BYTES) {
            String value = buf.toString(buf.readerIndex(), length, StandardCharsets.UTF_8);
            buf.skipBytes(length);
            return value;
        }
        buf.readBytes(scratch, 0, length);
        int hash = length;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + scratch[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] cached = bytes[slot];
        if (cached != null && Arrays.equals(cached, 0, cached.length, scratch, 0, length)) {
            return strings[slot];
        }
        byte[] copy = Arrays.copyOf(scratch, length);
        String value = new String(copy, StandardCharsets.UTF_8);
        bytes[slot] = copy;
        strings[slot] = value;
        return value;
    }
}
