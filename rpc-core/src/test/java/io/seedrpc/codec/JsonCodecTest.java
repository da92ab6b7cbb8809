package io.seedrpc.codec;

import static io.seedrpc.codec.CodecFixtures.TEN_EUROS;
import static io.seedrpc.codec.CodecFixtures.readArguments;
import static io.seedrpc.codec.CodecFixtures.readValue;
import static io.seedrpc.codec.CodecFixtures.writeArguments;
import static io.seedrpc.codec.CodecFixtures.writeValue;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.seedrpc.codec.Catalog.Money;
import io.seedrpc.codec.Catalog.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonCodecTest {

    private final TypeAllowlist allowlist = CodecFixtures.catalogAllowlist();
    private final JsonCodec codec = new JsonCodec(allowlist);

    @ParameterizedTest
    @ValueSource(strings = {
            "[\"java.lang.ProcessBuilder\", [\"calc\"]]",
            "{\"@class\": \"java.lang.ProcessBuilder\", \"command\": [\"calc\"]}",
            "{\"@type\": \"com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl\"}",
            "[\"javax.management.BadAttributeValueExpException\", {\"val\": 1}]"})
    void aDeclaredObjectDecodesToPlainDataWhateverClassThePayloadNames(String payload) throws Exception {
        Object decoded = readValue(codec, payload.getBytes(UTF_8), "anything");

        assertThat(decoded).isInstanceOfAny(Map.class, List.class);
        assertThat(decoded.getClass().getName()).startsWith("java.util.");
    }

    /** A data type that opts into class-name type ids, the one way a JSON payload can name a class. */
    record Envelope(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object payload) {
    }

    @Test
    void classNameTypeIdsAreCheckedAgainstTheAllowlist() throws Exception {
        var out = new ByteArrayOutputStream();
        codec.writeValue(out, new Envelope(TEN_EUROS), Envelope.class);
        String json = out.toString(UTF_8);
        assertThat(json).contains(Money.class.getName());

        assertThat(codec.readValue(new ByteArrayInputStream(json.getBytes(UTF_8)), Envelope.class))
                .isEqualTo(new Envelope(TEN_EUROS));
        String gadget = "{\"payload\": {\"@class\": \"java.net.URL\", \"host\": \"attacker.example\"}}";
        assertThatThrownBy(() -> codec.readValue(new ByteArrayInputStream(gadget.getBytes(UTF_8)), Envelope.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("java.net.URL");
    }

    @Test
    void writesTimeAsIsoStringsBytesAsBase64AndEnumsByName() {
        assertThat(json(Instant.parse("2024-02-29T12:34:56.5Z"), "instant")).isEqualTo("\"2024-02-29T12:34:56.500Z\"");
        assertThat(json(LocalDate.of(2024, 2, 29), "localDate")).isEqualTo("\"2024-02-29\"");
        assertThat(json(Duration.ofMinutes(90), "duration")).isEqualTo("\"PT1H30M\"");
        assertThat(json(OffsetDateTime.parse("2024-01-02T03:04:05+05:30"), "offsetDateTime"))
                .isEqualTo("\"2024-01-02T03:04:05+05:30\"");
        assertThat(json(ZonedDateTime.of(2024, 7, 14, 10, 0, 0, 0, ZoneId.of("Europe/Paris")), "zonedDateTime"))
                .isEqualTo("\"2024-07-14T10:00:00+02:00[Europe/Paris]\"");
        assertThat(json(new byte[] {1, 2, 3, (byte) 255}, "bytes")).isEqualTo("\"AQID/w==\"");
        assertThat(json(Status.PAID, "status")).isEqualTo("\"PAID\"");
        assertThat(json(Optional.empty(), "maybeMoney")).isEqualTo("null");
    }

    @Test
    void writesArgumentsAsAnArray() {
        assertThat(new String(writeArguments(codec, "severalTexts", "a", null), UTF_8)).isEqualTo("[\"a\",null]");
    }

    @Test
    void ignoresPropertiesItDoesNotKnow() throws Exception {
        String newer = "{\"amount\": 10.00, \"currency\": \"EUR\", \"addedLater\": {\"x\": [1, 2]}}";

        assertThat(readValue(codec, newer.getBytes(UTF_8), "money")).isEqualTo(TEN_EUROS);
    }

    @Test
    void keepsEveryDigitOfABigDecimal() throws Exception {
        String digits = "0.12345678901234567890123456789";

        assertThat(readValue(codec, digits.getBytes(UTF_8), "bigDecimal")).isEqualTo(new BigDecimal(digits));
    }

    @Test
    void aNullOptionalArrivesEmpty() throws Exception {
        // JSON has one null; Jackson reads it as Optional.empty(), which is what an Optional should be anyway.
        assertThat(readValue(codec, writeValue(codec, null, "maybeMoney"), "maybeMoney")).isEqualTo(Optional.empty());
    }

    @Test
    void refusesNullForAPrimitive() {
        assertThatThrownBy(() -> readArguments(codec, "[null]".getBytes(UTF_8), "primitiveInt"))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> readValue(codec, "null".getBytes(UTF_8), "primitiveInt"))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void refusesArgumentsThatAreNotAnArray() {
        assertThatThrownBy(() -> readArguments(codec, "{\"value\": \"a\"}".getBytes(UTF_8), "text"))
                .isInstanceOf(CodecException.class)
                .hasMessage("the arguments are not a JSON array");
    }

    @Test
    void refusesContentAfterTheBody() {
        assertThatThrownBy(() -> readArguments(codec, "[\"a\"] [\"b\"]".getBytes(UTF_8), "text"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("after the body");
        assertThatThrownBy(() -> readValue(codec, "\"a\" \"b\"".getBytes(UTF_8), "text"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("after the body");
    }

    @Test
    void refusesAnEmptyBody() {
        assertThatThrownBy(() -> readValue(codec, new byte[0], "text"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("ends before its value");
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deep = "[".repeat(JsonCodec.MAX_NESTING_DEPTH + 1) + "]".repeat(JsonCodec.MAX_NESTING_DEPTH + 1);

        assertThatThrownBy(() -> readValue(codec, deep.getBytes(UTF_8), "anything"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void refusesAValueOfTheWrongShape() {
        assertThatThrownBy(() -> readValue(codec, "{\"id\": \"not a uuid\"}".getBytes(UTF_8), "order"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("UUID");
    }

    /** The parameters the named-argument tests decode into. */
    interface Named {
        void call(Map<String, Money> totals, Optional<String> note, int count);
    }

    private Object[] readNamed(String json) throws Exception {
        java.lang.reflect.Method method = Named.class.getMethod("call", Map.class, Optional.class, int.class);
        String[] names = java.util.Arrays.stream(method.getParameters())
                .map(java.lang.reflect.Parameter::getName).toArray(String[]::new);
        return codec.readNamedArguments(new ByteArrayInputStream(json.getBytes(UTF_8)),
                method.getGenericParameterTypes(), names);
    }

    @Test
    void namedArgumentsDecodeInParameterOrderIntoTheDeclaredGenericTypes() throws Exception {
        Object[] args = readNamed("{\"count\": 2, \"totals\": {\"EUR\": {\"amount\": 10.00, \"currency\": \"EUR\"}},"
                + " \"note\": \"hi\"}");

        assertThat(args).containsExactly(Map.of("EUR", TEN_EUROS), Optional.of("hi"), 2);
    }

    @Test
    void aNamedArgumentLeftOutIsNullOrEmptyButAPrimitiveOneIsRefused() throws Exception {
        assertThat(readNamed("{\"count\": 1}")).containsExactly(null, Optional.empty(), 1);
        assertThatThrownBy(() -> readNamed("{\"note\": \"x\"}")).isInstanceOf(CodecException.class)
                .hasMessage("parameter 'count' of type int is missing");
    }

    @Test
    void anUnknownOrRepeatedOrMistypedNameIsRefusedNamingIt() {
        assertThatThrownBy(() -> readNamed("{\"count\": 1, \"cuont\": 2}")).isInstanceOf(CodecException.class)
                .hasMessage("there is no parameter 'cuont'; the parameters are [totals, note, count]");
        assertThatThrownBy(() -> readNamed("{\"count\": 1, \"count\": 2}")).isInstanceOf(CodecException.class)
                .hasMessage("parameter 'count' is given twice");
        assertThatThrownBy(() -> readNamed("{\"count\": \"many\"}")).isInstanceOf(CodecException.class)
                .hasMessageStartingWith("parameter 'count': ");
        assertThatThrownBy(() -> readNamed("[1]")).isInstanceOf(CodecException.class)
                .hasMessage("the arguments are not a JSON object");
    }

    /**
     * The arguments are parsed straight from the stream, which goes back to its mark to count them when they do not
     * fit: the transport's {@code ByteBufInputStream} over a direct frame can; a stream that cannot is copied first.
     */
    @Test
    void namesACountMismatchWhetherOrNotTheStreamCanGoBack() throws Exception {
        byte[] four = writeArguments(codec, "place", CodecFixtures.CUSTOMER, List.of(), 1, Optional.empty());
        java.lang.reflect.Type[] two = CodecFixtures.method("severalTexts").getGenericParameterTypes();
        ByteBuf frame = Unpooled.directBuffer(four.length).writeBytes(four);
        try (InputStream transports = new ByteBufInputStream(frame);
             InputStream forwardOnly = new InputStream() {
                 private final InputStream in = new ByteArrayInputStream(four);

                 @Override
                 public int read() throws IOException {
                     return in.read();
                 }
             }) {
            assertThat(forwardOnly.markSupported()).isFalse();
            for (InputStream in : List.of(transports, forwardOnly)) {
                assertThatThrownBy(() -> codec.readArguments(in, two))
                        .isInstanceOf(CodecException.class)
                        .hasMessage("expected 2 arguments but the payload holds 4");
            }
        } finally {
            frame.release();
        }
    }

    private String json(Object value, String method) {
        return new String(writeValue(codec, value, method), UTF_8);
    }
}
