package io.seedrpc.codec;

import static io.seedrpc.codec.CodecFixtures.CUSTOMER;
import static io.seedrpc.codec.CodecFixtures.method;
import static io.seedrpc.codec.CodecFixtures.writeValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.seedrpc.codec.CodecFixtures.BodyPath;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kryo codec's bounds hold on every way a body arrives, above all on the {@code ByteBuffer} paths, which read a
 * heap body where it lies and copy a direct one: what lies after the body in the same memory (the next frame, the
 * rest of a pooled chunk) is never read, lengths are checked against the body's bytes, and the body is left as it
 * was.
 */
class KryoBodyPathTest {

    private final KryoCodec codec = new KryoCodec(CodecFixtures.catalogAllowlist());

    static Stream<Arguments> hostileLengthsOnBufferPaths() {
        return KryoCodecTest.hostileLengths().flatMap(sample -> Stream.of(BodyPath.HEAP, BodyPath.DIRECT)
                .map(path -> Arguments.of(sample.get()[0], sample.get()[1], sample.get()[2], path)));
    }

    @ParameterizedTest(name = "{0} {3}")
    @MethodSource("hostileLengthsOnBufferPaths")
    void refusesLengthsTheBodyCannotHoldBeforeAllocating(String label, String methodName, byte[] payload,
                                                          BodyPath path) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> path.readValue(codec, payload, methodName))
                        .isInstanceOf(CodecException.class)
                        .hasMessageContaining("the payload declares"));
    }

    @ParameterizedTest
    @EnumSource(BodyPath.class)
    void refusesAStringLengthPointingPastTheBodyEvenWhenTheMemoryGoesOn(BodyPath path) {
        // A UTF-8 string of 1000 chars, of which the body holds 10; a thousand more bytes follow it in memory.
        Output out = new Output(16, -1);
        out.writeVarIntFlag(true, 1000 + 1, true);
        out.writeAscii("0123456789");
        byte[] body = out.toBytes();
        byte[] memory = Arrays.copyOf(body, body.length + 1000);
        Arrays.fill(memory, body.length, memory.length, (byte) 'x');

        assertThatThrownBy(() -> path.readValue(codec, memory, 0, body.length, String.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("the payload declares a length of 1000 with only 10 bytes left");
    }

    @ParameterizedTest
    @EnumSource(BodyPath.class)
    void refusesABodyEndingInsideAStringWhoseRestFollowsInMemory(BodyPath path) throws Exception {
        String text = "x".repeat(40) + "ü" + "y".repeat(60); // one ASCII run, one two-byte char, another run
        byte[] body = writeValue(codec, text, "text");
        byte[] memory = body.clone();
        for (int length = 0; length < body.length; length++) {
            int end = length;
            assertThatThrownBy(() -> path.readValue(codec, memory, 0, end, String.class))
                    .as("cut to %d of %d bytes", length, body.length)
                    .isInstanceOf(CodecException.class);
        }
        assertThat(memory).as("the body is read, never written").isEqualTo(body);
        assertThat(path.readValue(codec, memory, 0, body.length, String.class)).isEqualTo(text);
    }

    @ParameterizedTest
    @EnumSource(BodyPath.class)
    void refusesBytesLeftOverAfterTheBody(BodyPath path) {
        byte[] body = writeValue(codec, "text", "text");
        byte[] longer = Arrays.copyOf(body, body.length + 1);

        assertThatThrownBy(() -> path.readValue(codec, longer, "text"))
                .isInstanceOf(CodecException.class)
                .hasMessage("1 bytes are left over after the body");
    }

    @ParameterizedTest
    @EnumSource(BodyPath.class)
    void refusesGraphsNestedDeeperThanTheLimit(BodyPath path) {
        List<Object> outer = new ArrayList<>();
        List<Object> current = outer;
        for (int i = 0; i < 1000; i++) {
            List<Object> inner = new ArrayList<>();
            current.add(inner);
            current = inner;
        }
        var kryo = new Kryo(); // a writer without our depth limit, as an attacker would use
        kryo.setRegistrationRequired(false);
        var out = new Output(64, -1);
        kryo.writeClassAndObject(out, outer);
        byte[] body = out.toBytes();

        assertThatThrownBy(() -> path.readValue(codec, body, 0, body.length, Object.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Max depth exceeded");
    }

    @ParameterizedTest
    @EnumSource(BodyPath.class)
    void refusesAClassOutsideTheAllowlist(BodyPath path) {
        var out = new Output(64, -1);
        out.writeVarInt(1, true); // a class by name: DefaultClassResolver.NAME + 2, then the name's id and the name
        out.writeVarInt(0, true);
        out.writeString("java.lang.ProcessBuilder");
        byte[] body = out.toBytes();

        assertThatThrownBy(() -> path.readValue(codec, body, 0, body.length, Object.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("java.lang.ProcessBuilder, which is not in the type allowlist");
    }

    @ParameterizedTest
    @EnumSource(BodyPath.class)
    void readsABodyInTheMiddleOfItsMemoryAndLeavesItAsItWas(BodyPath path) throws Exception {
        byte[] body = writeValue(codec, CUSTOMER, "customer");
        byte[] memory = new byte[100 + body.length + 100];
        Arrays.fill(memory, (byte) 0x80);
        System.arraycopy(body, 0, memory, 100, body.length);
        byte[] before = memory.clone();
        Type type = method("customer").getGenericReturnType();

        assertThat(path.readValue(codec, memory, 100, 100 + body.length, type)).isEqualTo(CUSTOMER);
        assertThat(memory).isEqualTo(before);
        // the pooled session let go of that memory: a smaller body next is read alone, with nothing of the last
        byte[] small = writeValue(codec, "text", "text");
        assertThat(path.readValue(codec, small, "text")).isEqualTo("text");
    }

    @ParameterizedTest
    @EnumSource(BodyPath.class)
    void readsArgumentsAndRefusesACountThatDoesNotMatch(BodyPath path) throws Exception {
        byte[] body = CodecFixtures.writeArguments(codec, "place", CUSTOMER, List.of(), 3, java.util.Optional.empty());

        assertThat(path.readArguments(codec, body, "place")).containsExactly(CUSTOMER, List.of(), 3,
                java.util.Optional.empty());
        Type[] oneTooFew = Arrays.copyOf(method("place").getGenericParameterTypes(), 3);
        assertThatThrownBy(() -> path.readArguments(codec, body, 0, body.length, oneTooFew))
                .isInstanceOf(CodecException.class)
                .hasMessage("expected 3 arguments but the payload holds 4");
    }
}
