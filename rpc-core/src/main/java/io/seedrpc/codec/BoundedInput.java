package io.seedrpc.codec;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Kryo {@link Input} over one whole payload, which refuses lengths the payload cannot back.
 *
 * <p>Kryo allocates arrays, strings and collections from length prefixes it reads, before it reads their contents:
 * a ten-byte payload claiming two billion elements would otherwise cost gigabytes before failing. Holding the whole
 * payload makes the bytes left known exactly, so every such length is checked against them first: each array
 * element and string character takes at least one byte. Collection and map elements can take none (a list of
 * nulls, or of a field-less class, is a few bytes in all), so they draw on an element budget instead: one element
 * per payload byte plus {@value #FREE_ELEMENTS}, for the whole decode.
 *
 * <p>The buffer is reused from payload to payload; {@link #release()} drops it when one made it grow large.
 */
final class BoundedInput extends Input {

    /** Elements a payload may declare beyond one per byte it holds, for collections of zero-byte elements. */
    static final int FREE_ELEMENTS = 1 << 16;

    private static final int INITIAL_CAPACITY = 4096;
    private static final int RETAINED_CAPACITY = 256 * 1024;
    private static final int MAX_PAYLOAD = Integer.MAX_VALUE - 16;
    /** Eight bytes of an array at any index, as one long. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The high bit of each of a long's eight bytes: any one set means a byte that is not ASCII. */
    private static final long HIGH_BITS = 0x8080808080808080L;

    private long elementBudget;

    BoundedInput() {
        super(INITIAL_CAPACITY);
    }

    /** Reads {@code in} to its end and makes that the payload to decode. */
    void load(InputStream in) throws IOException {
        byte[] bytes = getBuffer();
        int count = 0;
        while (true) {
            if (count == bytes.length) {
                int next = in.read(); // probe first, so a payload that fills the buffer exactly does not grow it
                if (next < 0) {
                    break;
                }
                if (count == MAX_PAYLOAD) {
                    throw new CodecException("the payload is larger than " + MAX_PAYLOAD + " bytes");
                }
                bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_PAYLOAD, bytes.length * 2L));
                bytes[count++] = (byte) next;
            }
            int read = in.read(bytes, count, bytes.length - count);
            if (read < 0) {
                break;
            }
            count += read;
        }
        setBuffer(bytes, 0, count);
        elementBudget = (long) count + FREE_ELEMENTS;
    }

    /** The bytes not yet read. */
    int remaining() {
        return limit - position;
    }

    /** Forgets the payload, and the buffers if a large payload grew them, before this input goes back to a pool. */
    void release() {
        byte[] bytes = getBuffer().length > RETAINED_CAPACITY ? new byte[INITIAL_CAPACITY] : getBuffer();
        setBuffer(bytes, 0, 0);
        if (chars.length > RETAINED_CAPACITY) {
            chars = new char[32];
        }
    }

    /**
     * Charges a collection or map of {@code size} elements to the element budget.
     *
     * @return how many elements are worth preallocating room for: no more than there are bytes left
     */
    static int claimElements(Input input, int size) {
        if (input instanceof BoundedInput bounded) {
            if (size < 0 || size > bounded.elementBudget) {
                throw new KryoException("the payload declares a collection of " + size
                        + " elements, more than it can hold");
            }
            bounded.elementBudget -= size;
            return Math.min(size, bounded.remaining());
        }
        return 0; // not ours: claim nothing, preallocate nothing
    }

    /**
     * Checks the varint length prefix (Kryo's: element count + 1, 0 for null) at the current position without
     * consuming it, for array serializers that allocate from it.
     */
    static void checkLengthPrefix(Input input) {
        if (input instanceof BoundedInput bounded) {
            int start = bounded.position;
            int length = bounded.readVarInt(true) - 1;
            int left = bounded.remaining();
            bounded.position = start;
            if (length != -1) {
                bounded.requireRoom(length, left);
            }
        }
    }

    @Override
    public byte[] readBytes(int length) {
        requireRoom(length, remaining());
        return super.readBytes(length);
    }

    @Override
    public int[] readInts(int length) {
        requireRoom(length, remaining());
        return super.readInts(length);
    }

    @Override
    public int[] readInts(int length, boolean optimizePositive) {
        requireRoom(length, remaining());
        return super.readInts(length, optimizePositive);
    }

    @Override
    public long[] readLongs(int length) {
        requireRoom(length, remaining());
        return super.readLongs(length);
    }

    @Override
    public long[] readLongs(int length, boolean optimizePositive) {
        requireRoom(length, remaining());
        return super.readLongs(length, optimizePositive);
    }

    @Override
    public float[] readFloats(int length) {
        requireRoom(length, remaining());
        return super.readFloats(length);
    }

    @Override
    public double[] readDoubles(int length) {
        requireRoom(length, remaining());
        return super.readDoubles(length);
    }

    @Override
    public short[] readShorts(int length) {
        requireRoom(length, remaining());
        return super.readShorts(length);
    }

    @Override
    public char[] readChars(int length) {
        requireRoom(length, remaining());
        return super.readChars(length);
    }

    @Override
    public boolean[] readBooleans(int length) {
        requireRoom(length, remaining());
        return super.readBooleans(length);
    }

    @Override
    public String readString() {
        String ascii = readMarkedAsciiString();
        if (ascii == null) {
            ascii = readAsciiUtf8String();
        }
        if (ascii != null) {
            return ascii;
        }
        checkCharCount();
        return super.readString();
    }

    /**
     * A string in Kryo's ASCII form (2 to 32 ASCII chars, the last byte marked by its high bit), read as one copy of
     * its bytes; null, with nothing consumed, for any other form, and when the payload holds no marked byte (Kryo
     * then fails on it as before). Kryo looks for the marked byte one byte at a time; this looks eight at a time.
     */
    private String readMarkedAsciiString() {
        int start = position;
        if (start == limit || (buffer[start] & 0x80) != 0) {
            return null;
        }
        int last = firstMarkedByte(start);
        if (last < 0) {
            return null;
        }
        buffer[last] &= 0x7F; // unmarked for the copy, as Kryo does
        String value = new String(buffer, start, last + 1 - start, StandardCharsets.ISO_8859_1);
        buffer[last] |= 0x80;
        position = last + 1;
        return value;
    }

    /** The index of the first byte from {@code from} on whose high bit is set, or -1. */
    private int firstMarkedByte(int from) {
        int i = from;
        for (; i <= limit - Long.BYTES; i += Long.BYTES) {
            long marks = (long) LONGS.get(buffer, i) & HIGH_BITS;
            if (marks != 0) {
                return i + (Long.numberOfTrailingZeros(marks) >>> 3); // little-endian: the lowest byte comes first
            }
        }
        for (; i < limit; i++) {
            if (buffer[i] < 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A string Kryo wrote with its char count (longer than 32 chars, or not ASCII) whose chars are all ASCII, read
     * as one copy of its bytes; null, with nothing consumed, for any other string. Kryo's own loop stores each char
     * into an array and then compresses that array into the string: twice the work for the common case.
     */
    private String readAsciiUtf8String() {
        int start = position;
        if (start == limit || (buffer[start] & 0x80) == 0) {
            return null; // not UTF-8 flagged: Kryo's ASCII form, ended by a marked byte
        }
        int charCount = readVarIntFlag(true) - 1; // -1 is null, 0 the empty string
        if (charCount > 0) {
            requireRoom(charCount, remaining());
            int end = position + charCount;
            if (isAscii(buffer, position, end)) {
                String value = new String(buffer, position, charCount, StandardCharsets.ISO_8859_1);
                position = end;
                return value;
            }
        }
        position = start;
        return null;
    }

    /**
     * Whether no byte in the range has its high bit set, tested eight bytes at a time: a byte-by-byte loop, which the
     * JIT does not vectorize, was 15 % of a Kryo string call's codec work.
     */
    private static boolean isAscii(byte[] bytes, int from, int to) {
        long any = 0;
        int i = from;
        for (; i <= to - Long.BYTES; i += Long.BYTES) {
            any |= (long) LONGS.get(bytes, i);
        }
        for (; i < to; i++) {
            any |= bytes[i]; // a negative byte sets every high bit, the one tested among them
        }
        return (any & HIGH_BITS) == 0;
    }

    @Override
    public StringBuilder readStringBuilder() {
        checkCharCount();
        return super.readStringBuilder();
    }

    /** A UTF-8 string carries its char count; ASCII strings carry none and end at a marked byte, so are bounded. */
    private void checkCharCount() {
        int start = position;
        if (readVarIntFlag()) {
            int charCount = readVarIntFlag(true) - 1; // -1 is null, 0 the empty string
            int left = remaining();
            position = start;
            if (charCount != -1) {
                requireRoom(charCount, left);
            }
        }
    }

    private void requireRoom(int length, int bytesLeft) {
        if (length < 0 || length > bytesLeft) {
            throw new KryoException("the payload declares a length of " + length + " with only " + bytesLeft
                    + " bytes left");
        }
    }
}
