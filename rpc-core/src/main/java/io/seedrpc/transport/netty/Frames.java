package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.seedrpc.Metadata;
import io.seedrpc.protocol.Protocol;

import java.nio.charset.StandardCharsets;

/** Writes and reads the pieces every frame is made of. See {@code docs/protocol.md}. */
final class Frames {

    /** Bytes before the payload: the int32 length and the type byte. */
    static final int HEADER_BYTES = 5;

    /** Error messages are cut to this many characters so that one exception cannot fill a frame. */
    private static final int MAX_MESSAGE_CHARS = 8_192;

    /** The most entries a metadata block can hold: its count is a u16. */
    static final int MAX_METADATA_ENTRIES = 65_535;

    private Frames() {
    }

    /** Starts a frame in a pooled buffer; write the payload, then {@link #seal}. */
    static ByteBuf begin(ByteBufAllocator alloc, FrameType type, int payloadHint) {
        ByteBuf buf = alloc.ioBuffer(HEADER_BYTES + payloadHint);
        buf.writeInt(0);
        buf.writeByte(type.code());
        return buf;
    }

    /** Fills in the length prefix of a frame started by {@link #begin}. */
    static ByteBuf seal(ByteBuf frame) {
        frame.setInt(frame.readerIndex(), frame.readableBytes() - 4);
        return frame;
    }

    /** Bytes the frame takes on the wire after its length prefix. */
    static int lengthOf(ByteBuf sealedFrame) {
        return sealedFrame.readableBytes() - 4;
    }

    /** Writes a uint16-length-prefixed UTF-8 string; {@code null} is written as empty. */
    static void writeShortString(ByteBuf buf, CharSequence value) {
        int lengthIndex = buf.writerIndex();
        buf.writeShort(0);
        if (value == null || value.isEmpty()) {
            return;
        }
        int written = ByteBufUtil.writeUtf8(buf, value);
        if (written > Protocol.MAX_SHORT_STRING_BYTES) {
            throw new IllegalArgumentException("string of " + written + " UTF-8 bytes is over the protocol limit of "
                    + Protocol.MAX_SHORT_STRING_BYTES + ": " + value.subSequence(0, 64) + "…");
        }
        buf.setShort(lengthIndex, written);
    }

    /**
     * The UTF-8 bytes of a short string, checked against the protocol's limit.
     *
     * @throws IllegalArgumentException when it is too long
     */
    static byte[] shortStringBytes(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Protocol.MAX_SHORT_STRING_BYTES) {
            throw new IllegalArgumentException("string of " + bytes.length + " UTF-8 bytes is over the protocol limit of "
                    + Protocol.MAX_SHORT_STRING_BYTES + ": " + value.substring(0, 64) + "…");
        }
        return bytes;
    }

    /**
     * Writes a metadata block: {@code count: u16}, then per entry {@code key} and {@code value} as short strings.
     *
     * @throws IllegalArgumentException when it has more entries, or a longer value, than the protocol allows
     */
    static void writeMetadata(ByteBuf buf, Metadata metadata) {
        int count = metadata.size();
        if (count > MAX_METADATA_ENTRIES) {
            throw new IllegalArgumentException(count + " entries, over the protocol limit of " + MAX_METADATA_ENTRIES);
        }
        buf.writeShort(count);
        for (int i = 0; i < count; i++) {
            writeShortString(buf, metadata.keyAt(i));
            writeShortString(buf, metadata.valueAt(i));
        }
    }

    /** Writes an error message, shortened so it always fits a short string. */
    static void writeMessage(ByteBuf buf, String message) {
        String text = message == null ? "" : message;
        writeShortString(buf, text.length() > MAX_MESSAGE_CHARS ? text.substring(0, MAX_MESSAGE_CHARS) + "…" : text);
    }

    /**
     * Reads a string written by {@link #writeShortString}.
     *
     * @throws IndexOutOfBoundsException when the frame ends inside it (a malformed frame)
     */
    static String readShortString(ByteBuf buf) {
        int length = buf.readUnsignedShort();
        if (length == 0) {
            return "";
        }
        if (length > buf.readableBytes()) {
            throw new IndexOutOfBoundsException("string of " + length + " bytes runs past the end of the frame");
        }
        String value = buf.toString(buf.readerIndex(), length, StandardCharsets.UTF_8);
        buf.skipBytes(length);
        return value;
    }
}
