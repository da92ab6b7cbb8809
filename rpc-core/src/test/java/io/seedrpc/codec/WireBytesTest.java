package io.seedrpc.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bodies both codecs write, byte for byte: the wire format is a contract between builds, so a body written by
 * this build must be read by an older one and the other way round. Each expected body was written by the build of
 * main before issue 15's codec changes ({@code /work/benchjars/s4base-target}, with the same values and types), and
 * is read back.
 */
class WireBytesTest {

    /** A record of the benchmark's object payload's shape; declared final, so Kryo writes no class name for it. */
    record Point(long id, String name, double score, boolean active) {
    }

    /** The generic type {@code List<String>}, declared here to be read back by reflection. */
    static List<String> names;

    static final String TEXT = text();

    private static String text() {
        String seed = "SeedRPC closed-loop echo payload: one hundred ASCII characters, the same for every row. ";
        return (seed + seed).substring(0, 100);
    }

    private record Body(String codec, String label, Object value, Type type, String hex) {
    }

    private static List<Body> bodies() throws NoSuchFieldException {
        Type listOfStrings = WireBytesTest.class.getDeclaredField("names").getGenericType();
        Point point = new Point(1_234_567_890_123L, "benchmark-object-19", 3.14159, true);
        List<Body> bodies = new ArrayList<>();
        for (String codec : List.of("kryo", "json")) {
            bodies.add(new Body(codec, "short string", "hello", String.class, pinned(codec, "short string")));
            bodies.add(new Body(codec, "long ascii string", TEXT, String.class, pinned(codec, "long ascii string")));
            bodies.add(new Body(codec, "latin-1 string", "Grüße aus Köln, ".repeat(3), String.class,
                    pinned(codec, "latin-1 string")));
            bodies.add(new Body(codec, "utf-16 string", "Łódź ".repeat(8), String.class,
                    pinned(codec, "utf-16 string")));
            bodies.add(new Body(codec, "null", null, String.class, pinned(codec, "null")));
            bodies.add(new Body(codec, "record", point, Point.class, pinned(codec, "record")));
            bodies.add(new Body(codec, "list", new ArrayList<>(List.of("a", "bc")), listOfStrings,
                    pinned(codec, "list")));
            bodies.add(new Body(codec, "object", 42, Object.class, pinned(codec, "object")));
        }
        return bodies;
    }

    static Stream<Arguments> valueBodies() throws NoSuchFieldException {
        return bodies().stream().map(body -> Arguments.of(body.codec() + " " + body.label(), body));
    }

    private static final Object[] ARGUMENTS = {"hello", 7, null};
    private static final Type[] PARAMETER_TYPES = {String.class, int.class, String.class};

    private static Codec codec(String name) {
        TypeAllowlist allowlist = new TypeAllowlist().allowClass(Point.class);
        return name.equals("kryo") ? new KryoCodec(allowlist) : new JsonCodec(allowlist);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueBodies")
    void writesTheBodyAsBefore(String name, Body body) throws Exception {
        var out = new ByteArrayOutputStream();
        codec(body.codec()).writeValue(out, body.value(), body.type());

        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo(body.hex());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueBodies")
    void readsTheBodyAsBefore(String name, Body body) throws Exception {
        byte[] bytes = HexFormat.of().parseHex(body.hex());

        assertThat(codec(body.codec()).readValue(new ByteArrayInputStream(bytes), body.type())).isEqualTo(body.value());
    }

    @ParameterizedTest
    @MethodSource("codecNames")
    void writesAndReadsArgumentsAsBefore(String name) throws Exception {
        Codec codec = codec(name);
        var out = new ByteArrayOutputStream();
        codec.writeArguments(out, ARGUMENTS, PARAMETER_TYPES);
        String pinned = pinned(name, "arguments");

        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo(pinned);
        byte[] bytes = HexFormat.of().parseHex(pinned);
        assertThat(Arrays.asList(codec.readArguments(new ByteArrayInputStream(bytes), PARAMETER_TYPES)))
                .containsExactly(ARGUMENTS);
    }

    static Stream<String> codecNames() {
        return Stream.of("kryo", "json");
    }

    /** The bodies the build before issue 15 wrote, by {@code codec | label}. */
    private static String pinned(String codec, String label) {
        return switch (codec + " | " + label) {
            case "kryo | short string" -> "68656c6cef";
            case "kryo | long ascii string" ->
                    "e5015365656452504320636c6f7365642d6c6f6f70206563686f207061796c6f61643a206f6e6520"
                    + "68756e6472656420415343494920636861726163746572732c207468652073616d6520666f722065"
                    + "7665727920726f772e205365656452504320636c6f73";
            case "kryo | latin-1 string" ->
                    "b14772c3bcc39f6520617573204bc3b66c6e2c204772c3bcc39f6520617573204bc3b66c6e2c2047"
                    + "72c3bcc39f6520617573204bc3b66c6e2c20";
            case "kryo | utf-16 string" ->
                    "a9c581c3b364c5ba20c581c3b364c5ba20c581c3b364c5ba20c581c3b364c5ba20c581c3b364c5ba"
                    + "20c581c3b364c5ba20c581c3b364c5ba20c581c3b364c5ba20";
            case "kryo | null" -> "80";
            case "kryo | record" -> "01019693d89fee4762656e63686d61726b2d6f626a6563742d31b96e861bf0f9210940";
            case "kryo | list" -> "01006a6176612e7574696c2e41727261794c6973f4830300826162e3";
            case "kryo | object" -> "0254";
            case "kryo | arguments" -> "0368656c6cef010e80";
            case "json | short string" -> "2268656c6c6f22";
            case "json | long ascii string" ->
                    "225365656452504320636c6f7365642d6c6f6f70206563686f207061796c6f61643a206f6e652068"
                    + "756e6472656420415343494920636861726163746572732c207468652073616d6520666f72206576"
                    + "65727920726f772e205365656452504320636c6f7322";
            case "json | latin-1 string" ->
                    "224772c3bcc39f6520617573204bc3b66c6e2c204772c3bcc39f6520617573204bc3b66c6e2c2047"
                    + "72c3bcc39f6520617573204bc3b66c6e2c2022";
            case "json | utf-16 string" ->
                    "22c581c3b364c5ba20c581c3b364c5ba20c581c3b364c5ba20c581c3b364c5ba20c581c3b364c5ba"
                    + "20c581c3b364c5ba20c581c3b364c5ba20c581c3b364c5ba2022";
            case "json | null" -> "6e756c6c";
            case "json | record" ->
                    "7b226964223a313233343536373839303132332c226e616d65223a2262656e63686d61726b2d6f62"
                    + "6a6563742d3139222c2273636f7265223a332e31343135392c22616374697665223a747275657d";
            case "json | list" -> "5b2261222c226263225d";
            case "json | object" -> "3432";
            case "json | arguments" -> "5b2268656c6c6f222c372c6e756c6c5d";
            default -> throw new IllegalArgumentException("nothing pinned for " + codec + " | " + label);
        };
    }
}
