package io.seedrpc.codec;

import static io.seedrpc.codec.CodecFixtures.CUSTOMER;
import static io.seedrpc.codec.CodecFixtures.ORDER;
import static io.seedrpc.codec.CodecFixtures.TEN_EUROS;
import static io.seedrpc.codec.CodecFixtures.hex;
import static io.seedrpc.codec.CodecFixtures.writeArguments;
import static io.seedrpc.codec.CodecFixtures.writeValue;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.seedrpc.codec.Catalog.Circle;
import io.seedrpc.codec.Catalog.Line;
import io.seedrpc.codec.CodecFixtures.BodyPath;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever arrives, decoding ends promptly, either with a value or with a {@link CodecException}: never another
 * exception, an error, or a hang; through the stream methods and through the {@code ByteBuffer} ones alike. Random
 * input is seeded, so a failure names the iteration that reproduces it.
 */
class MalformedPayloadTest {

    private static final int ITERATIONS = 20_000;
    private static final int PAD = 3;

    /** A valid body and how to decode it. */
    private record Sample(String method, boolean arguments, byte[] body) {

        Object decode(Codec codec, BodyPath path, byte[] payload) throws Exception {
            return decode(codec, path, payload, 0, payload.length);
        }

        /** Decodes {@code array[from, to)}; what lies around it is there for a codec that reads too far to find. */
        Object decode(Codec codec, BodyPath path, byte[] array, int from, int to) throws Exception {
            Method m = CodecFixtures.method(method);
            return arguments
                    ? path.readArguments(codec, array, from, to, m.getGenericParameterTypes())
                    : path.readValue(codec, array, from, to, m.getGenericReturnType());
        }
    }

    static Stream<Arguments> codecsAndPaths() {
        return Stream.of("kryo", "json").flatMap(codec ->
                Arrays.stream(BodyPath.values()).map(path -> Arguments.of(codec, path)));
    }

    private static List<Sample> samples(Codec codec) {
        return List.of(
                new Sample("place", true, writeArguments(codec, "place", CUSTOMER,
                        List.of(new Line("fig", 2, TEN_EUROS)), 3, Optional.of("SPRING"))),
                new Sample("customer", false, writeValue(codec, CUSTOMER, "customer")),
                new Sample("orders", false, writeValue(codec, List.of(ORDER, ORDER), "orders")),
                new Sample("prices", false, writeValue(codec, Map.of("a", TEN_EUROS), "prices")),
                new Sample("ordersByCustomer", false, writeValue(codec, Map.of("ada", List.of(ORDER)),
                        "ordersByCustomer")),
                new Sample("anything", false, writeValue(codec, Map.of("k", List.of(1, "two", 3.0)), "anything")),
                new Sample("shape", false, codec instanceof KryoCodec
                        ? writeValue(codec, new Circle(1), "shape") : "{}".getBytes()),
                new Sample("stringArray", false, writeValue(codec, new String[] {"a", "ü", null}, "stringArray")),
                new Sample("intMatrix", false, writeValue(codec, new int[][] {{1, 2}, {3}}, "intMatrix")),
                new Sample("bytes", false, writeValue(codec, new byte[] {1, 2, 3, 4, 5}, "bytes")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("codecsAndPaths")
    void everyTruncatedBodyIsRefused(String codecName, BodyPath path) {
        Codec codec = CodecFixtures.codec(codecName);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (Sample sample : samples(codec)) {
                // The body behind three bytes of another frame, so that the cut body is followed by the rest of it.
                byte[] framed = new byte[PAD + sample.body().length];
                Arrays.fill(framed, 0, PAD, (byte) 0x7F);
                System.arraycopy(sample.body(), 0, framed, PAD, sample.body().length);
                for (int length = 0; length < sample.body().length; length++) {
                    int end = PAD + length;
                    assertThatThrownBy(() -> sample.decode(codec, path, framed, PAD, end))
                            .as("%s cut to %d bytes: %s", sample.method(), length,
                                    hex(Arrays.copyOfRange(framed, PAD, end)))
                            .isInstanceOf(CodecException.class);
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("codecsAndPaths")
    void randomBytesFailCleanly(String codecName, BodyPath path) {
        Codec codec = CodecFixtures.codec(codecName);
        List<Sample> samples = samples(codec);
        Random random = new Random(20240229L);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] garbage = new byte[random.nextInt(257)];
                random.nextBytes(garbage);
                Sample sample = samples.get(random.nextInt(samples.size()));
                decodeCleanly(codec, path, sample, garbage, "random bytes, iteration " + i);
            }
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("codecsAndPaths")
    void corruptedBodiesFailCleanly(String codecName, BodyPath path) {
        Codec codec = CodecFixtures.codec(codecName);
        List<Sample> samples = samples(codec);
        Random random = new Random(1234L);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < ITERATIONS; i++) {
                Sample sample = samples.get(random.nextInt(samples.size()));
                byte[] corrupted = corrupt(sample.body(), random);
                decodeCleanly(codec, path, sample, corrupted, "corrupted " + sample.method() + ", iteration " + i);
            }
        });
    }

    /** One to four random edits: overwrite a byte, flip a bit, or drop or duplicate a byte. */
    private static byte[] corrupt(byte[] body, Random random) {
        byte[] bytes = body.clone();
        for (int edits = 1 + random.nextInt(4); edits > 0 && bytes.length > 0; edits--) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
                default -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at + 1);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
            }
        }
        return bytes;
    }

    private static void decodeCleanly(Codec codec, BodyPath path, Sample sample, byte[] payload, String what) {
        try {
            sample.decode(codec, path, payload);
        } catch (CodecException expected) {
            // a clean refusal
        } catch (Throwable unexpected) {
            fail(what + " threw " + unexpected + " for payload " + hex(payload), unexpected);
        }
    }
}
