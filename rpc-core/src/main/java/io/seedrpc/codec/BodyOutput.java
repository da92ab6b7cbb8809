package io.seedrpc.codec;

import com.esotericsoftware.kryo.io.Output;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * Kryo's {@link Output} with a faster path for the strings calls carry most: ASCII and longer than 32 chars. The
 * bytes are exactly Kryo's (the wire format is a contract): for such a string Kryo writes its char count plus one as
 * a varint flagged UTF-8, then each char as one byte. Kryo tests and stores char by char; this copies the chars out
 * in bulk, then has the JDK's US-ASCII encoder check and store them, which it does many chars at a time (a loop of
 * our own, testing and storing char by char, took twice as long). Any other string goes to Kryo.
 */
final class BodyOutput extends Output {

    /** Kryo writes strings up to this length, when ASCII, in its other form (the last byte marked). */
    private static final int KRYO_ASCII_FORM_MAX = 32;
    /** Longer strings go to Kryo's loop: the bulk path's scratch array stays small, and its gain is per call. */
    private static final int BULK_MAX = 1024;

    private final char[] chars = new char[BULK_MAX];
    private final CharBuffer charView = CharBuffer.wrap(chars);
    /** Used by one thread at a time, as the session that holds this output is. */
    private final CharsetEncoder ascii = StandardCharsets.US_ASCII.newEncoder();
    /** A view of Kryo's buffer, made again when Kryo replaces the buffer. */
    private ByteBuffer bufferView;

    BodyOutput(int bufferSize) {
        super(bufferSize, -1);
    }

    @Override
    public void writeString(String value) {
        int charCount = value == null ? 0 : value.length();
        // Room for the longest varint (5 bytes) and every char, so that the buffer need not flush midway.
        if (charCount <= KRYO_ASCII_FORM_MAX || charCount > BULK_MAX || capacity - position < charCount + 5) {
            super.writeString(value);
            return;
        }
        value.getChars(0, charCount, chars, 0);
        // charCount + 1 is 34 to 1025: Kryo's varint flag holds 6 bits in its first byte, 7 in its second
        int first = position + (charCount + 1 < 1 << 6 ? 1 : 2);
        if (!storedAsAscii(charCount, first)) {
            super.writeString(value); // overwrites what the encoder left past the position
            return;
        }
        writeVarIntFlag(true, charCount + 1, true);
        position += charCount;
    }

    /** Stores the first {@code charCount} chars at {@code first}, one byte each, if every one is ASCII. */
    private boolean storedAsAscii(int charCount, int first) {
        if (bufferView == null || bufferView.array() != buffer) {
            bufferView = ByteBuffer.wrap(buffer);
        }
        charView.limit(charCount).position(0);
        bufferView.limit(first + charCount).position(first);
        ascii.reset();
        // Stops at the first char that is not ASCII, with a result saying so; never throws for one.
        CoderResult result = ascii.encode(charView, bufferView, true);
        return result.isUnderflow() && !charView.hasRemaining();
    }
}
