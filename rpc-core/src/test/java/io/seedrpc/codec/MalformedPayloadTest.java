package io.seedrpc.codec;

import static io.seedrpc.codec.CodecFixtures.CUSTOMER;
import static io.seedrpc.codec.CodecFixtures.ORDER;
import static io.seedrpc.codec.CodecFixtures.TEN_EUROS;
import static io.seedrpc.codec.CodecFixtures.hex;
import static io.seedrpc.codec.CodecFixtures.readArguments;
import static io.seedrpc.codec.CodecFixtures.readValue;
import static io.seedrpc.codec.CodecFixtures.writeArguments;
import static io.seedrpc.codec.CodecFixtures.writeValue;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.seedrpc.codec.Catalog.Circle;
import io.seedrpc.codec.Catalog.Line;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever arrives, decoding ends promptly, either with a value or with a {@link CodecException}: never another
 * exception, an error, or a hang. Random input is seeded, so a failure names the iteration that reproduces it.
 */
class MalformedPayloadTest {

    private static final int ITERATIONS = 20_000;

    /** A valid body and how to decode it. */
    private record Sample(String method, boolean arguments, byte[] body) {

        Object decode(Codec codec, byte[] payload) throws Exception {
            return arguments ? readArguments(codec, payload, method) : readValue(codec, payload, method);
        }
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

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void everyTruncatedBodyIsRefused(String codecName) {
        Codec codec = CodecFixtures.codec(codecName);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (Sample sample : samples(codec)) {
                for (int length = 0; length < sample.body().length; length++) {
                    byte[] truncated = Arrays.copyOf(sample.body(), length);
                    assertThatThrownBy(() -> sample.decode(codec, truncated))
                            .as("%s cut to %d bytes: %s", sample.method(), length, hex(truncated))
                            .isInstanceOf(CodecException.class);
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void randomBytesFailCleanly(String codecName) {
        Codec codec = CodecFixtures.codec(codecName);
        List<Sample> samples = samples(codec);
        Random random = new Random(20240229L);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] garbage = new byte[random.nextInt(257)];
                random.nextBytes(garbage);
                Sample sample = samples.get(random.nextInt(samples.size()));
                decodeCleanly(codec, sample, garbage, "random bytes, iteration " + i);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void corruptedBodiesFailCleanly(String codecName) {
        Codec codec = CodecFixtures.codec(codecName);
        List<Sample> samples = samples(codec);
        Random random = new Random(1234L);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < ITERATIONS; i++) {
                Sample sample = samples.get(random.nextInt(samples.size()));
                byte[] corrupted = corrupt(sample.body(), random);
                decodeCleanly(codec, sample, corrupted, "corrupted " + sample.method() + ", iteration " + i);
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

    private static void decodeCleanly(Codec codec, Sample sample, byte[] payload, String what) {
        try {
            sample.decode(codec, payload);
        } catch (CodecException expected) {
            // a clean refusal
        } catch (Throwable unexpected) {
            fail(what + " threw " + unexpected + " for payload " + hex(payload), unexpected);
        }
    }
}
