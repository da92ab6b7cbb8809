package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the service and method keys of requests without decoding a new String each time: a connection sends
 * the same few keys over and over, so the bytes are compared with the last key seen in their slot and the
 * String made then is returned. A key is copied out of the frame in one bulk read and hashed and compared as an
 * array, not byte by byte through the buffer (each of which checks bounds and the reference count); the hash
 * takes the key eight bytes at a time, since a byte-at-a-time hash of a ~40-byte service key was a tenth of the
 * server event loop's samples on the direct call path (issue 15). Keys longer
 * than {@value #MAX_CACHED_BYTES} bytes, which no service or method key comes near, are decoded every time.
 * Confined to one connection's event loop; holds at most 64 keys.
 */
final class KeyCache {

    private static final int SLOTS = 64;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** An odd 64-bit constant (the golden ratio's fraction): multiplying by it carries each bit upward. */
    private static final long MIX = 0x9E3779B97F4A7C15L;
    /** The multiplier of a 64-bit finalizer that lets every bit of the hash reach the slot's low bits. */
    private static final long AVALANCHE = 0xFF51AFD7ED558CCDL;
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
        int slot = slotOf(scratch, length);
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

    /**
     * The slot of a key: a hash of its length and its bytes, eight at a time, the last word overlapping the one
     * before it when the length is not a multiple of eight. Equal keys always share a slot; a collision only
     * costs a decode, since a hit is confirmed by comparing the bytes.
     */
    static int slotOf(byte[] key, int length) {
        long hash = length;
        if (length >= Long.BYTES) {
            int last = length - Long.BYTES;
            for (int i = 0; i < last; i += Long.BYTES) {
                hash = (hash + (long) LONGS.get(key, i)) * MIX;
            }
            hash = (hash + (long) LONGS.get(key, last)) * MIX;
        } else {
            for (int i = 0; i < length; i++) {
                hash = (hash + key[i]) * MIX;
            }
        }
        hash ^= hash >>> 33;
        hash *= AVALANCHE;
        hash ^= hash >>> 33;
        return (int) hash & (SLOTS - 1);
    }
}
