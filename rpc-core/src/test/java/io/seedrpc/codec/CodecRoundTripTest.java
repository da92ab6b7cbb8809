package io.seedrpc.codec;

import static io.seedrpc.codec.CodecFixtures.CUSTOMER;
import static io.seedrpc.codec.CodecFixtures.EMPTY_ORDER;
import static io.seedrpc.codec.CodecFixtures.ORDER;
import static io.seedrpc.codec.CodecFixtures.TEN_EUROS;
import static io.seedrpc.codec.CodecFixtures.codec;
import static io.seedrpc.codec.CodecFixtures.method;
import static io.seedrpc.codec.CodecFixtures.readArguments;
import static io.seedrpc.codec.CodecFixtures.readValue;
import static io.seedrpc.codec.CodecFixtures.writeArguments;
import static io.seedrpc.codec.CodecFixtures.writeValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedrpc.codec.Catalog.Address;
import io.seedrpc.codec.Catalog.Circle;
import io.seedrpc.codec.Catalog.Customer;
import io.seedrpc.codec.Catalog.Line;
import io.seedrpc.codec.Catalog.Money;
import io.seedrpc.codec.Catalog.Order;
import io.seedrpc.codec.Catalog.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of value a call can carry survives both codecs, as a result and as an argument, decoded by the
 * declared types of {@link Catalog}'s methods.
 */
class CodecRoundTripTest {

    private static final List<String> CODECS = List.of("kryo", "json");

    /** One value for one Catalog method, which declares its type. */
    private record Case(String method, String label, Object value, boolean jsonToo) {

        static Case both(String method, String label, Object value) {
            return new Case(method, label, value, true);
        }

        /** JSON cannot say which class an abstract declared type should decode to; Kryo sends the class. */
        static Case kryoOnly(String method, String label, Object value) {
            return new Case(method, label, value, false);
        }
    }

    static Stream<Case> values() {
        byte[] randomBytes = new byte[1000];
        new Random(7).nextBytes(randomBytes);
        List<Order> withNull = new ArrayList<>(List.of(ORDER));
        withNull.add(null);
        return Stream.of(
                Case.both("text", "unicode", "héllo wörld ✓ 日本"),
                Case.both("text", "empty", ""),
                Case.both("text", "long", "x".repeat(100_000)),
                Case.both("primitiveInt", "min", Integer.MIN_VALUE),
                Case.both("primitiveLong", "max", Long.MAX_VALUE),
                Case.both("primitiveDouble", "fraction", -3.25),
                Case.both("primitiveFloat", "fraction", 1.5f),
                Case.both("primitiveBoolean", "true", true),
                Case.both("primitiveChar", "sharp s", 'ß'),
                Case.both("primitiveByte", "negative", (byte) -7),
                Case.both("primitiveShort", "short", (short) 1234),
                Case.both("boxedInt", "boxed", 7),
                Case.both("boxedLong", "boxed", -7L),
                Case.both("status", "enum", Status.SHIPPED),
                Case.both("timeUnit", "JDK enum", TimeUnit.SECONDS),
                Case.both("order", "record", ORDER),
                Case.both("order", "record with empty Optional", EMPTY_ORDER),
                Case.both("money", "record", TEN_EUROS),
                Case.both("customer", "POJO", CUSTOMER),
                Case.both("customer", "POJO with null fields", new Customer()),
                Case.both("address", "POJO without no-arg constructor", new Address("1 Main St", "Springfield", "US")),
                Case.both("orders", "ArrayList", new ArrayList<>(List.of(ORDER, EMPTY_ORDER))),
                Case.both("orders", "List.of", List.of(ORDER, EMPTY_ORDER, ORDER)),
                Case.both("orders", "List.of one", List.of(ORDER)),
                Case.both("orders", "empty List.of", List.of()),
                Case.both("orders", "Stream.toList", Stream.of(ORDER, EMPTY_ORDER).toList()),
                Case.both("orders", "unmodifiableList", Collections.unmodifiableList(new ArrayList<>(List.of(ORDER)))),
                Case.both("orders", "Arrays.asList", Arrays.asList(ORDER, EMPTY_ORDER)),
                Case.both("orders", "LinkedList", new LinkedList<>(List.of(ORDER))),
                Case.both("orders", "emptyList", Collections.emptyList()),
                Case.both("orders", "singletonList", Collections.singletonList(ORDER)),
                Case.both("orders", "with null element", withNull),
                Case.both("prices", "HashMap", new HashMap<>(Map.of("a", TEN_EUROS))),
                Case.both("prices", "Map.of", Map.of("a", TEN_EUROS, "b", new Money(BigDecimal.ONE, "USD"))),
                Case.both("prices", "Map.of one", Map.of("a", TEN_EUROS)),
                Case.both("prices", "LinkedHashMap", new LinkedHashMap<>(Map.of("a", TEN_EUROS))),
                Case.both("prices", "TreeMap", new TreeMap<>(Map.of("b", TEN_EUROS, "a", TEN_EUROS))),
                Case.both("prices", "unmodifiableMap", Collections.unmodifiableMap(new HashMap<>(Map.of("a", TEN_EUROS)))),
                Case.both("prices", "singletonMap", Collections.singletonMap("a", TEN_EUROS)),
                Case.both("prices", "emptyMap", Collections.emptyMap()),
                Case.both("statuses", "Set.of", Set.of(Status.NEW, Status.PAID)),
                Case.both("statuses", "HashSet", new HashSet<>(Set.of(Status.NEW))),
                Case.both("statuses", "LinkedHashSet", new LinkedHashSet<>(List.of(Status.PAID, Status.NEW))),
                Case.both("statuses", "TreeSet", new TreeSet<>(Set.of(Status.PAID, Status.NEW))),
                Case.both("statuses", "unmodifiableSet", Collections.unmodifiableSet(new HashSet<>(Set.of(Status.NEW)))),
                Case.both("statuses", "singleton", Collections.singleton(Status.SHIPPED)),
                Case.both("statuses", "emptySet", Collections.emptySet()),
                Case.both("maybeMoney", "present", Optional.of(TEN_EUROS)),
                Case.both("maybeMoney", "empty", Optional.empty()),
                Case.both("orderArray", "with null", new Order[] {ORDER, null}),
                Case.both("orderArray", "empty", new Order[0]),
                Case.both("objectArray", "JSON-native values", new Object[] {"a", 1, true, null}),
                Case.kryoOnly("objectArray", "records", new Object[] {ORDER, TEN_EUROS}),
                Case.both("stringArray", "with null", new String[] {"a", null, "ü"}),
                Case.both("intArray", "ints", new int[] {1, -2, Integer.MAX_VALUE}),
                Case.both("longArray", "longs", new long[] {Long.MIN_VALUE, 0}),
                Case.both("doubleArray", "doubles", new double[] {0.1, -1e300}),
                Case.both("intMatrix", "ragged", new int[][] {{1}, {}, {2, 3}}),
                Case.both("bytes", "random", randomBytes),
                Case.both("bytes", "empty", new byte[0]),
                Case.both("instant", "nanos", Instant.parse("2024-02-29T12:34:56.123456789Z")),
                Case.both("localDate", "leap day", LocalDate.of(2024, 2, 29)),
                Case.both("localDateTime", "local", LocalDateTime.of(2024, 2, 29, 23, 59, 59, 1000)),
                Case.both("localTime", "local", LocalTime.of(7, 30)),
                Case.both("offsetDateTime", "India", OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHoursMinutes(5, 30))),
                Case.both("zonedDateTime", "Paris", ZonedDateTime.of(2024, 7, 14, 10, 0, 0, 0, ZoneId.of("Europe/Paris"))),
                Case.both("duration", "mixed", Duration.ofHours(1).plusMillis(3500)),
                Case.both("period", "mixed", Period.of(1, 2, 3)),
                Case.both("zoneId", "region", ZoneId.of("America/New_York")),
                Case.both("zoneId", "offset", ZoneOffset.ofHours(2)),
                Case.both("bigDecimal", "precise", new BigDecimal("12345678901234567890.1234567890123456789")),
                Case.both("bigInteger", "huge", new BigInteger("-123456789012345678901234567890")),
                Case.both("uuid", "random", UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962")),
                Case.both("ordersByCustomer", "map of lists", Map.of("ada", List.of(ORDER), "bob", List.of())),
                Case.both("nestedGenerics", "list of maps of sets",
                        List.of(Map.of(Status.NEW, Set.of("x", "y")), Map.of())),
                Case.both("collection", "list as collection", List.of("a", "b")),
                Case.kryoOnly("shape", "sealed interface", new Circle(2.5)),
                Case.both("anything", "string as Object", "just text"),
                Case.both("anything", "map as Object", Map.of("k", List.of(1, 2))),
                Case.kryoOnly("anything", "record as Object", ORDER));
    }

    static Stream<Arguments> cases() {
        return CODECS.stream().flatMap(codec -> values()
                .filter(c -> c.jsonToo() || codec.equals("kryo"))
                .map(c -> Arguments.of(codec, c.method(), c.label(), c.value())));
    }

    /** Null for every reference-typed parameter. JSON has no null Optional; see JsonCodecTest. */
    static Stream<Arguments> nulls() {
        return CODECS.stream().flatMap(codec -> Arrays.stream(Catalog.class.getMethods())
                .filter(m -> m.getParameterCount() == 1)
                .filter(m -> !m.getParameterTypes()[0].isPrimitive() && m.getParameterTypes()[0] != Optional.class)
                .map(m -> Arguments.of(codec, m.getName(), "null", null)));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource({"cases", "nulls"})
    void valueSurvivesAsResult(String codecName, String methodName, String label, Object value) throws Exception {
        Codec codec = codec(codecName);
        Method method = method(methodName);

        Object decoded = readValue(codec, writeValue(codec, value, methodName), methodName);

        assertThat(decoded).isEqualTo(value);
        if (value != null && method.getReturnType().isInstance(value)) {
            assertThat(decoded).isInstanceOf(method.getReturnType());
        }
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource({"cases", "nulls"})
    void valueSurvivesAsArgument(String codecName, String methodName, String label, Object value) throws Exception {
        Codec codec = codec(codecName);

        Object[] decoded = readArguments(codec, writeArguments(codec, methodName, value), methodName);

        assertThat(decoded).hasSize(1);
        assertThat(decoded[0]).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void severalArgumentsSurvive(String codecName) throws Exception {
        Codec codec = codec(codecName);
        Object[] args = {CUSTOMER, List.of(new Line("fig", 2, TEN_EUROS)), 3, Optional.of("SPRING")};

        Object[] decoded = readArguments(codec, writeArguments(codec, "place", args), "place");

        assertThat(decoded).containsExactly(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void noArgumentsSurviveEvenAsNull(String codecName) throws Exception {
        Codec codec = codec(codecName);

        // java.lang.reflect.Proxy hands an invocation handler null, not an empty array, for a no-arg method
        assertThat(readArguments(codec, writeArguments(codec, "ping", (Object[]) null), "ping")).isEmpty();
        assertThat(readArguments(codec, writeArguments(codec, "ping"), "ping")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void voidResultTakesNoValue(String codecName) throws Exception {
        Codec codec = codec(codecName);

        assertThat(readValue(codec, writeValue(codec, null, "forget"), "forget")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void argumentCountMismatchIsNamed(String codecName) {
        Codec codec = codec(codecName);
        byte[] threeStrings = writeArguments(codec, "place", CUSTOMER, List.of(), 1, Optional.empty());

        assertThatThrownBy(() -> readArguments(codec, threeStrings, "severalTexts"))
                .isInstanceOf(CodecException.class)
                .hasMessage("expected 2 arguments but the payload holds 4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void fewerArgumentsThanDeclaredAreNamed(String codecName) {
        Codec codec = codec(codecName);
        byte[] two = writeArguments(codec, "severalTexts", "a", "b");

        assertThatThrownBy(() -> readArguments(codec, two, "place"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("expected 4 arguments but the payload holds 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void writingTheWrongNumberOfArgumentsFails(String codecName) {
        Codec codec = codec(codecName);

        assertThatThrownBy(() -> writeArguments(codec, "place", CUSTOMER))
                .isInstanceOf(CodecException.class)
                .hasMessage("1 arguments given for 4 parameters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kryo", "json"})
    void aFailingStreamSurfacesAsIOExceptionNotCodecException(String codecName) {
        Codec codec = codec(codecName);
        IOException broken = new IOException("connection reset");
        OutputStream brokenOut = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw broken;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw broken;
            }
        };
        InputStream brokenIn = new InputStream() {
            @Override
            public int read() throws IOException {
                throw broken;
            }
        };
        Type text = method("text").getGenericReturnType();

        assertThatThrownBy(() -> codec.writeValue(brokenOut, "x", text)).isSameAs(broken);
        assertThatThrownBy(() -> codec.writeArguments(brokenOut, new Object[] {"x"}, new Type[] {text}))
                .isSameAs(broken);
        assertThatThrownBy(() -> codec.readValue(brokenIn, text)).isSameAs(broken);
        assertThatThrownBy(() -> codec.readArguments(brokenIn, new Type[] {text})).isSameAs(broken);
    }
}
