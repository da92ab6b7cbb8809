package io.seedrpc.codec;

import com.esotericsoftware.kryo.io.Output;

/**
 * Kryo's {@link Output} with a faster path for the strings calls carry most: ASCII and longer than 32 chars. The
 * bytes are exactly Kryo's (the wire format is a contract): for such a string Kryo writes its char count plus one as
 * a varint flagged UTF-8, then each char as one byte. Kryo tests and stores char by char; this copies the chars out
 * in bulk, then checks and stores them in one loop the JIT can vectorize. Any other string goes to Kryo.
 */
final class BodyOutput extends Output {

    /** Kryo writes strings up to this length, when ASCII, in its other form (the last byte marked). */
    private static final int KRYO_ASCII_FORM_MAX = 32;
    /** Longer strings go to Kryo's loop: the bulk path's scratch array stays small, and its gain is per call. */
    private static final int BULK_MAX = 1024;

    private final char[] chars = new char[BULK_MAX];

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
        char[] chars = this.chars;
        value.getChars(0, charCount, chars, 0);
        byte[] buffer = this.buffer;
        // charCount + 1 is 34 to 1025: Kryo's varint flag holds 6 bits in its first byte, 7 in its second
        int first = position + (charCount + 1 < 1 << 6 ? 1 : 2);
        int any = 0;
        for (int i = 0; i < charCount; i++) {
            char c = chars[i];
            any |= c;
            buffer[first + i] = (byte) c;
        }
        if (any > 0x7F) {
            super.writeString(value); // overwrites what the loop left past the position
            return;
        }
        writeVarIntFlag(true, charCount + 1, true);
        position += charCount;
    }
}
