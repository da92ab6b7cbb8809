package io.seedrpc.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BodyOutput} writes every string byte for byte as Kryo's own {@link Output} does, and {@link BoundedInput}
 * reads every string Kryo writes as Kryo's own {@link Input} does: their faster paths for ASCII strings change no
 * byte on the wire. Strings of every length around the paths' edges, in ASCII, Latin-1 (one byte per char in a
 * Java string, two on Kryo's wire) and beyond (two bytes per char in a Java string), and with the odd char at the
 * start, in the middle and at the end.
 */
class KryoStringFormTest {

    private static List<String> strings() {
        List<String> strings = new ArrayList<>();
        strings.add(null);
        int[] lengths = {0, 1, 2, 31, 32, 33, 34, 63, 64, 65, 100, 127, 128, 1000, 1023, 1024, 1025, 2000,
            5000};
        for (int length : lengths) {
            String ascii = "abcdefghijklmnopqrstuvwxyz0123456789 .,;:!?-_\t\n\u007F".repeat(length / 40 + 1)
                    .substring(0, length);
            strings.add(ascii);
            for (String odd : new String[] {"\u0080", "ü", "\u00FF", "\u0100", "Ł", "€", "\uD83D\uDE00", "\u0000"}) {
                strings.add(odd + ascii);
                strings.add(ascii + odd);
                strings.add(ascii.substring(0, length / 2) + odd + ascii.substring(length / 2));
            }
        }
        return strings;
    }

    @Test
    void writesEveryStringAsKryoDoes() {
        for (String value : strings()) {
            for (int lead : new int[] {0, 1, 4090}) { // at the start, and close to the end of the 4 KiB buffer
                Output kryo = new Output(4096, -1);
                BodyOutput ours = new BodyOutput(4096);
                for (int i = 0; i < lead; i++) {
                    kryo.writeByte(7);
                    ours.writeByte(7);
                }
                kryo.writeString(value);
                ours.writeString(value);

                assertThat(ours.toBytes()).as("%s after %d bytes", describe(value), lead).isEqualTo(kryo.toBytes());
            }
        }
    }

    @Test
    void readsEveryStringAsKryoDoes() throws IOException {
        for (String value : strings()) {
            Output out = new Output(64, -1);
            out.writeString(value);
            out.writeString(value); // twice: the first must stop exactly where the second starts
            byte[] bytes = out.toBytes();
            BoundedInput ours = new BoundedInput();
            ours.load(new ByteArrayInputStream(bytes));

            assertThat(ours.readString()).as(describe(value)).isEqualTo(value);
            assertThat(ours.readString()).as(describe(value)).isEqualTo(value);
            assertThat(ours.remaining()).isZero();
            Input kryo = new Input(bytes);
            assertThat(kryo.readString()).isEqualTo(value);
        }
    }

    /**
     * The ASCII tests go many chars at a time (the JDK's encoder writing, eight bytes at a time reading): a char that
     * is not ASCII is found wherever it is, in a block or in the tail.
     */
    @Test
    void writesANonAsciiCharAtEveryPositionAsKryoDoes() {
        for (int length = 33; length <= 80; length++) {
            for (int at = 0; at < length; at++) {
                for (String odd : new String[] {"\u0080", "ü", "\u0100", "\uD83D"}) {
                    String value = "x".repeat(at) + odd + "y".repeat(length - at - 1);
                    Output kryo = new Output(128, -1);
                    BodyOutput ours = new BodyOutput(128);
                    kryo.writeString(value);
                    ours.writeString(value);

                    assertThat(ours.toBytes()).as("%s at %d", describe(value), at).isEqualTo(kryo.toBytes());
                }
            }
        }
    }

    @Test
    void readsANonAsciiCharAtEveryPositionAsKryoDoes() throws IOException {
        for (int length = 33; length <= 57; length++) {
            for (int at = 0; at < length; at++) {
                for (String odd : new String[] {"\u0080", "ü", "\u0100"}) {
                    String value = "x".repeat(at) + odd + "y".repeat(length - at - 1);
                    for (int lead = 0; lead < 8; lead++) { // the string starts at every offset of a word
                        Output out = new Output(128, -1);
                        for (int i = 0; i < lead; i++) {
                            out.writeByte(7);
                        }
                        out.writeString(value);
                        BoundedInput ours = new BoundedInput();
                        ours.load(new ByteArrayInputStream(out.toBytes()));
                        ours.skip(lead);

                        assertThat(ours.readString()).as("%s at %d after %d bytes", describe(value), at, lead)
                                .isEqualTo(value);
                        assertThat(ours.remaining()).isZero();
                    }
                }
            }
        }
    }

    /** Kryo's ASCII form ends at its one marked byte, which is found eight bytes at a time, wherever it is. */
    @Test
    void readsAShortAsciiStringEndingAtEveryPositionAsKryoDoes() throws IOException {
        for (int length = 2; length <= 32; length++) {
            String value = "abcdefghijklmnopqrstuvwxyz012345".substring(0, length);
            for (int lead = 0; lead < 8; lead++) {
                Output out = new Output(128, -1);
                for (int i = 0; i < lead; i++) {
                    out.writeByte(7);
                }
                out.writeString(value);
                out.writeInt(-1); // marked bytes after the string, which must not be taken for its end
                BoundedInput ours = new BoundedInput();
                ours.load(new ByteArrayInputStream(out.toBytes()));
                ours.skip(lead);

                assertThat(ours.readString()).as("%d chars after %d bytes", length, lead).isEqualTo(value);
                assertThat(ours.readInt()).isEqualTo(-1);
                assertThat(ours.remaining()).isZero();
            }
        }
    }

    private static String describe(String value) {
        if (value == null || value.isEmpty()) {
            return String.valueOf(value);
        }
        return value.length() + " chars, first " + (int) value.charAt(0) + ", last "
                + (int) value.charAt(value.length() - 1);
    }
}
