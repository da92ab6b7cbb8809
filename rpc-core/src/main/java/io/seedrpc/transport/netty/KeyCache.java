package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * Reads the service and method keys of requests without decoding a new String each time: a connection sends
 * the same few keys over and over, so the bytes are compared with the last key seen in their slot and the
 * String made then is returned. Confined to one connection's event loop; holds at most 64 keys.
 */
final class KeyCache {

    private static final int SLOTS = 64;

    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];

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
        int start = buf.readerIndex();
        int hash = length;
        for (int i = 0; i < length; i++) {
            hash = 31 * hash + buf.getByte(start + i);
        }
        int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
        byte[] cached = bytes[slot];
        buf.skipBytes(length);
        if (cached != null && sameBytes(cached, buf, start)) {
            return strings[slot];
        }
        byte[] copy = new byte[length];
        buf.getBytes(start, copy);
        String value = new String(copy, StandardCharsets.UTF_8);
        bytes[slot] = copy;
        strings[slot] = value;
        return value;
    }

    private static boolean sameBytes(byte[] cached, ByteBuf buf, int start) {
        int length = buf.readerIndex() - start;
        if (cached.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (cached[i] != buf.getByte(start + i)) {
                return false;
            }
        }
        return true;
    }
}
