package io.seedrpc.codec;

import static io.seedrpc.codec.CodecFixtures.readValue;
import static io.seedrpc.codec.CodecFixtures.writeValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The Kryo codec's faster way of reading an ASCII string keeps every bound of the slower one. Each test first decodes
 * a long body, so that the session's reused buffer still holds its bytes past the end of the next, shorter payload:
 * a reader that looked past the payload's end would find real string bytes there and succeed. One thread, so the
 * pool hands the same session out every time.
 */
class KryoStringBoundsTest {

    private final KryoCodec codec = new KryoCodec(CodecFixtures.catalogAllowlist());

    @Test
    void refusesABodyEndingInsideAString() throws Exception {
        String text = "x".repeat(40) + "ü" + "y".repeat(60); // an ASCII run, a two-byte char, another run
        String ascii = "z".repeat(100);
        String shortAscii = "w".repeat(30); // Kryo's other ASCII form: no length, its last byte marked
        for (String value : new String[] {text, ascii, shortAscii}) {
            byte[] body = writeValue(codec, value, "text");
            for (int length = 0; length < body.length; length++) {
                assertThat(readValue(codec, body, "text")).isEqualTo(value); // leaves the whole body behind
                byte[] cut = Arrays.copyOf(body, length);
                assertThatThrownBy(() -> readValue(codec, cut, "text"))
                        .as("cut to %d of %d bytes", length, body.length)
                        .isInstanceOf(CodecException.class);
            }
        }
    }

    @Test
    void findsNoEndOfAShortAsciiStringPastThePayload() throws Exception {
        Output out = new Output(64, -1);
        out.writeString("w".repeat(30)); // Kryo's other ASCII form: no length, the end is its one marked byte
        byte[] whole = out.toBytes();
        BoundedInput input = new BoundedInput();
        for (int length = 1; length < whole.length; length++) {
            input.load(new ByteArrayInputStream(whole));
            assertThat(input.readString()).isEqualTo("w".repeat(30)); // the marked byte stays in the reused buffer
            input.load(new ByteArrayInputStream(Arrays.copyOf(whole, length)));

            assertThatThrownBy(input::readString).as("cut to %d of %d bytes", length, whole.length)
                    .isInstanceOf(KryoException.class);
        }
    }

    @Test
    void refusesAStringLengthPointingPastTheBody() throws Exception {
        // A UTF-8 string of 1000 ASCII chars, of which the body holds 10.
        Output out = new Output(16, -1);
        out.writeVarIntFlag(true, 1000 + 1, true);
        out.writeAscii("0123456789");
        byte[] body = out.toBytes();
        assertThat(readValue(codec, writeValue(codec, "x".repeat(2000), "text"), "text")).isEqualTo("x".repeat(2000));

        assertThatThrownBy(() -> readValue(codec, body, "text"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("the payload declares a length of 1000 with only 10 bytes left");
    }

    @Test
    void refusesBytesLeftOverAfterAString() {
        byte[] body = writeValue(codec, "a".repeat(100), "text");
        byte[] longer = Arrays.copyOf(body, body.length + 1);

        assertThatThrownBy(() -> readValue(codec, longer, "text"))
                .isInstanceOf(CodecException.class)
                .hasMessage("1 bytes are left over after the body");
    }
}
