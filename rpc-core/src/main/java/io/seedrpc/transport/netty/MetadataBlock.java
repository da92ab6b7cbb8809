package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.seedrpc.Metadata;
import io.seedrpc.transport.MetadataLimits;

import java.nio.charset.StandardCharsets;

/**
 * Reads a request's metadata block (see {@link Frames#writeMetadata}) within a server's {@link MetadataLimits}.
 * The counts and lengths are checked before a string is made, so an oversized block costs no allocation.
 */
final class MetadataBlock {

    /** The block is well-formed but not acceptable: over a limit, or an entry breaks {@link Metadata}'s rules. */
    static final class Rejected extends Exception {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    private MetadataBlock() {
    }

    /**
     * Reads the block at the reader index and leaves the index after it, also when it is rejected.
     *
     * @throws Rejected                  with a message naming the limit or the entry at fault
     * @throws IndexOutOfBoundsException when the frame ends inside the block (a malformed frame)
     */
    static Metadata read(ByteBuf buf, MetadataLimits limits) throws Rejected {
        int count = buf.readUnsignedShort();
        if (count == 0) {
            return Metadata.empty();
        }
        int start = buf.readerIndex();
        long bytes = 0;
        for (int i = 0; i < 2 * count; i++) {
            int length = buf.readUnsignedShort();
            if (length > buf.readableBytes()) {
                throw new IndexOutOfBoundsException("metadata entry of " + length
                        + " bytes runs past the end of the frame");
            }
            buf.skipBytes(length);
            bytes += length;
        }
        if (count > limits.maxEntries()) {
            throw new Rejected("the request carries " + count + " metadata entries, over this server's limit of "
                    + limits.maxEntries());
        }
        if (bytes > limits.maxBytes()) {
            throw new Rejected("the request's metadata is " + bytes + " bytes (keys and values), over this "
                    + "server's limit of " + limits.maxBytes() + " bytes");
        }
        int end = buf.readerIndex();
        buf.readerIndex(start);
        Metadata.Builder builder = Metadata.builder();
        try {
            for (int i = 0; i < count; i++) {
                builder.put(readString(buf), readString(buf));
            }
        } catch (IllegalArgumentException e) {
            throw new Rejected("the request's metadata is not valid: " + e.getMessage());
        } finally {
            buf.readerIndex(end);
        }
        return builder.build();
    }

    private static String readString(ByteBuf buf) {
        int length = buf.readUnsignedShort();
        String value = buf.toString(buf.readerIndex(), length, StandardCharsets.UTF_8);
        buf.skipBytes(length);
        return value;
    }
}
