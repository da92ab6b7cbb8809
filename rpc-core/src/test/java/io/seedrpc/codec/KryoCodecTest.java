package io.seedrpc.codec;

import static io.seedrpc.codec.CodecFixtures.CUSTOMER;
import static io.seedrpc.codec.CodecFixtures.readValue;
import static io.seedrpc.codec.CodecFixtures.writeValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.TreeSetSerializer;
import com.esotericsoftware.kryo.serializers.RecordSerializer;
import io.seedrpc.codec.Catalog.Order;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
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
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KryoCodecTest {

    private static final String DETONATOR = "io.seedrpc.codec.Detonator";

    private final TypeAllowlist allowlist = CodecFixtures.catalogAllowlist();
    private final KryoCodec codec = new KryoCodec(allowlist);

    @Test
    void refusesAnUnlistedClassBeforeLoadingOrInitializingIt() throws Exception {
        var loader = new RecordingClassLoader(getClass().getClassLoader());
        var guarded = new KryoCodec(allowlist, loader);
        byte[] payload = payload(out -> {
            writeClassName(out, DETONATOR);
            out.writeString("lit"); // Detonator's one field
        });

        assertThatThrownBy(() -> guarded.readValue(new ByteArrayInputStream(payload), Object.class))
                .isInstanceOf(CodecException.class)
                .hasMessage("the payload names class " + DETONATOR + ", which is not in the type allowlist");
        assertThat(loader.requested).doesNotContain(DETONATOR);
        assertThat(DetonatorState.initialized).isFalse();

        // The control: once allowed, the very same payload loads, initializes and builds the class.
        allowlist.allowClass(Class.forName(DETONATOR, false, getClass().getClassLoader()));
        Object decoded = guarded.readValue(new ByteArrayInputStream(payload), Object.class);
        assertThat(loader.requested).contains(DETONATOR);
        assertThat(DetonatorState.initialized).isTrue();
        assertThat(decoded.getClass().getName()).isEqualTo(DETONATOR);
    }

    @Test
    void refusesAnUnlistedClassNestedInsideAnAllowedOne() {
        byte[] payload = payload(out -> {
            writeClassName(out, "java.util.ArrayList");
            out.writeVarIntFlag(true, 2, true); // same type, one element
            writeClassName(out, "java.lang.ProcessBuilder", 1);
        });

        assertThatThrownBy(() -> readValue(codec, payload, "orders"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("java.lang.ProcessBuilder, which is not in the type allowlist");
    }

    @Test
    void usesKryosRecordSerializerAndBoundedCollectionSerializers() {
        var kryo = new GuardedKryo(allowlist, getClass().getClassLoader());

        assertThat(kryo.getSerializer(Order.class)).isInstanceOf(RecordSerializer.class);
        assertThat(kryo.getSerializer(ArrayList.class)).isInstanceOf(BoundedCollectionSerializer.class);
        assertThat(kryo.getSerializer(LinkedHashSet.class)).isInstanceOf(BoundedCollectionSerializer.class);
        assertThat(kryo.getSerializer(HashMap.class)).isInstanceOf(BoundedMapSerializer.class);
        assertThat(kryo.getSerializer(Order[].class)).isInstanceOf(BoundedArraySerializers.ObjectArrays.class);
        assertThat(kryo.getSerializer(String[].class)).isInstanceOf(BoundedArraySerializers.StringArrays.class);
        assertThat(kryo.getSerializer(List.of().getClass())).isInstanceOf(ReadOnlyCollectionSerializer.class);
        assertThat(kryo.getSerializer(TreeSet.class)).isInstanceOf(TreeSetSerializer.class);
    }

    /** A sample of every JDK class a new allowlist admits, and the class it decodes to. */
    static Stream<Arguments> jdkSamples() {
        // A list of pairs, not a map: many samples are equal (List.of() and emptyList(), say) yet differ in class.
        List<Arguments> samples = new ArrayList<>();
        Stream.of(true, (byte) 1, (short) 2, 'c', 3, 4L, 5f, 6d, "s", new BigDecimal("1.50"), BigInteger.TEN,
                        UUID.randomUUID(), Instant.now(), LocalDate.now(), LocalDateTime.now(), LocalTime.now(),
                        OffsetDateTime.now(), OffsetTime.now(), ZonedDateTime.now(ZoneId.of("Asia/Tokyo")),
                        Duration.ofSeconds(5), Period.ofDays(3), Year.of(2024), YearMonth.of(2024, 2),
                        MonthDay.of(2, 29), ZoneOffset.UTC, ZoneId.of("Europe/Paris"), DayOfWeek.MONDAY, Month.MAY,
                        Optional.of(1), OptionalInt.of(1), OptionalLong.of(2), OptionalDouble.of(3),
                        new ArrayList<>(List.of(1)), new LinkedList<>(List.of(1)), new HashMap<>(Map.of(1, 2)),
                        new LinkedHashMap<>(Map.of(1, 2)), new TreeMap<>(Map.of(1, 2)), new HashSet<>(Set.of(1)),
                        new LinkedHashSet<>(Set.of(1)), new TreeSet<>(Set.of(1)),
                        List.of(), List.of(1), List.of(1, 2, 3),
                        Set.of(), Set.of(1), Set.of(1, 2, 3), Map.of(), Map.of(1, 2), Map.of(1, 2, 3, 4),
                        Collections.unmodifiableCollection(new ArrayList<>(List.of(1))),
                        Collections.unmodifiableList(new ArrayList<>(List.of(1))),
                        Collections.unmodifiableSet(new HashSet<>(Set.of(1))),
                        Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(2, 1))),
                        Collections.unmodifiableNavigableSet(new TreeSet<>(Set.of(2, 1))),
                        Collections.unmodifiableMap(new HashMap<>(Map.of(1, 2))),
                        Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(1, 2))),
                        Collections.unmodifiableNavigableMap(new TreeMap<>(Map.of(1, 2))),
                        Collections.emptyList(), Collections.emptySet(), Collections.emptyMap(),
                        Collections.singletonList(1), Collections.singleton(1), Collections.singletonMap(1, 2),
                        Arrays.asList(1, 2), new Object())
                .forEach(sample -> samples.add(Arguments.of(sample.getClass().getName(), sample, sample.getClass())));
        // Carried as an ArrayList, so it comes back as the RandomAccess flavour of the same wrapper.
        Object overLinkedList = Collections.unmodifiableList(new LinkedList<>(List.of(1)));
        samples.add(Arguments.of(overLinkedList.getClass().getName(), overLinkedList,
                Collections.unmodifiableList(new ArrayList<>()).getClass()));
        // A view of part of a List.of comes back as a List.of of that part.
        Object subList = List.of(1, 2, 3, 4).subList(0, 2);
        samples.add(Arguments.of(subList.getClass().getName(), subList, List.of(1, 2).getClass()));
        return samples.stream();
    }

    @Test
    void jdkSamplesCoverTheWholeDefaultAllowlist() {
        Set<String> sampled = jdkSamples().map(arguments -> (String) arguments.get()[0]).collect(Collectors.toSet());
        Set<String> allowedReferenceTypes = JdkValueTypes.CLASS_NAMES.stream()
                .filter(name -> name.contains("."))
                .collect(Collectors.toSet());

        assertThat(sampled).containsAll(allowedReferenceTypes);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdkSamples")
    void everyDefaultAllowedJdkClassDecodesToItsOwnKind(String name, Object sample, Class<?> expected) throws Exception {
        var out = new ByteArrayOutputStream();
        codec.writeValue(out, sample, Object.class);

        Object decoded = codec.readValue(new ByteArrayInputStream(out.toByteArray()), Object.class);

        assertThat(decoded).isExactlyInstanceOf(expected);
        if (sample.getClass() != Object.class && !name.contains("UnmodifiableCollection")) {
            assertThat(decoded).isEqualTo(sample); // Object and UnmodifiableCollection have identity equality
        }
    }

    static Stream<Arguments> hostileLengths() {
        int huge = Integer.MAX_VALUE;
        return Stream.of(
                Arguments.of("byte[]", "bytes", payload(out -> out.writeVarInt(huge, true))),
                Arguments.of("int[]", "intArray", payload(out -> out.writeVarInt(huge, true))),
                Arguments.of("long[]", "longArray", payload(out -> out.writeVarInt(huge, true))),
                Arguments.of("double[]", "doubleArray", payload(out -> out.writeVarInt(huge, true))),
                Arguments.of("int[][]", "intMatrix", payload(out -> out.writeVarInt(huge, true))),
                Arguments.of("String[]", "stringArray", payload(out -> out.writeVarInt(huge, true))),
                Arguments.of("Order[]", "orderArray", payload(out -> out.writeVarInt(huge, true))),
                Arguments.of("UTF-8 String", "text", payload(out -> out.writeVarIntFlag(true, huge, true))),
                Arguments.of("BigInteger", "bigInteger", payload(out -> {
                    writeClassName(out, "java.math.BigInteger"); // not a final class
                    out.writeVarInt(huge, true);
                })),
                Arguments.of("ArrayList of nulls", "orders", payload(out -> {
                    writeClassName(out, "java.util.ArrayList");
                    out.writeVarIntFlag(true, huge, true); // all elements of one type...
                    out.writeByte(0); // ...which is null: no element costs a byte
                })),
                Arguments.of("ArrayList", "orders", payload(out -> {
                    writeClassName(out, "java.util.ArrayList");
                    out.writeVarIntFlag(false, huge, true);
                })),
                Arguments.of("List.of", "orders", payload(out -> {
                    writeClassName(out, List.of(1, 2, 3).getClass().getName());
                    out.writeVarIntFlag(false, huge, true);
                })),
                Arguments.of("HashMap", "prices", payload(out -> {
                    writeClassName(out, "java.util.HashMap");
                    out.writeVarInt(huge, true);
                })),
                Arguments.of("class name", "anything", payload(out -> {
                    out.writeVarInt(1, true);
                    out.writeVarInt(0, true);
                    out.writeVarIntFlag(true, huge, true);
                })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileLengths")
    void refusesLengthsThePayloadCannotHoldBeforeAllocating(String label, String method, byte[] payload) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> readValue(codec, payload, method))
                        .isInstanceOf(CodecException.class)
                        .hasMessageContaining("the payload declares"));
    }

    @Test
    void aLongListOfNullsWithinTheElementBudgetSurvives() throws Exception {
        List<Order> nulls = Collections.nCopies(BoundedInput.FREE_ELEMENTS / 2, null);

        assertThat(readValue(codec, writeValue(codec, new ArrayList<>(nulls), "orders"), "orders")).isEqualTo(nulls);
    }

    @Test
    void aListOfNullsLongerThanTheElementBudgetIsRefused() {
        // The price of the budget: such a list is a few bytes on the wire, so it cannot be told from an attack.
        byte[] payload = writeValue(codec, new ArrayList<>(Collections.nCopies(2 * BoundedInput.FREE_ELEMENTS, null)),
                "orders");

        assertThatThrownBy(() -> readValue(codec, payload, "orders"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("more than it can hold");
    }

    @Test
    void refusesGraphsNestedDeeperThanTheLimitWhenReading() {
        Object nested = nestedLists(1000);
        var kryo = new Kryo(); // a writer without our depth limit, as an attacker would use
        kryo.setRegistrationRequired(false);
        var out = new Output(64, -1);
        kryo.writeClassAndObject(out, nested);

        assertThatThrownBy(() -> codec.readValue(new ByteArrayInputStream(out.toBytes()), Object.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Max depth exceeded");
    }

    @Test
    void refusesCyclicAndOverlyDeepGraphsWhenWriting() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);

        assertThatThrownBy(() -> codec.writeValue(new ByteArrayOutputStream(), cyclic, Object.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Max depth exceeded");
        assertThatThrownBy(() -> codec.writeValue(new ByteArrayOutputStream(), nestedLists(500), Object.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("Max depth exceeded");
    }

    @Test
    void refusesBytesLeftOverAfterTheBody() {
        byte[] body = writeValue(codec, "text", "text");
        byte[] longer = Arrays.copyOf(body, body.length + 1);

        assertThatThrownBy(() -> readValue(codec, longer, "text"))
                .isInstanceOf(CodecException.class)
                .hasMessage("1 bytes are left over after the body");
    }

    @Test
    void refusesAnAllowedClassWhereAnotherTypeIsDeclared() {
        byte[] map = writeValue(codec, new HashMap<>(Map.of("a", 1)), "anything");

        assertThatThrownBy(() -> readValue(codec, map, "orders"))
                .isInstanceOf(CodecException.class)
                .hasMessage("the payload holds a java.util.HashMap where java.util.List<" + Order.class.getName()
                        + "> is declared");
    }

    @Test
    void refusesToWriteAValueThatIsNotOfTheFinalDeclaredType() {
        assertThatThrownBy(() -> writeValue(codec, "not an order", "order"))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("a java.lang.String cannot be written as " + Order.class.getName());
    }

    @Test
    void exceptionsCannotTravelBecauseThrowableIsClosedToReflection() {
        // A known limit, pinned so that it is noticed if it ever changes: report failures as data, not Throwables.
        var failure = new Catalog.CatalogException(Catalog.Reason.MISSING);

        assertThatThrownBy(() -> codec.writeValue(new ByteArrayOutputStream(), failure, Object.class))
                .isInstanceOf(CodecException.class)
                .hasMessageContaining("java.lang.Throwable");
    }

    @Test
    void oneCodecServesManyThreads() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                results.add(pool.submit(() -> readValue(codec, writeValue(codec, CUSTOMER, "customer"), "customer")));
            }
            for (Future<Object> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(CUSTOMER);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedDecodeDoesNotSpoilTheNextOne() throws Exception {
        // Cutting a Customer short fails inside its generic fields (List<Order>, Map<String, Money>), where Kryo
        // leaves generics state behind. A list of lists has no generics of its own to push, so stale ones would
        // make Kryo misread its elements. One thread, so the pool hands the failed session out again every time.
        byte[] customer = writeValue(codec, CUSTOMER, "customer");
        List<List<Integer>> lists = new ArrayList<>(List.of(new ArrayList<>(List.of(1, 2)), new ArrayList<>()));
        byte[] listOfLists = writeValue(codec, lists, "anything");
        for (int length = 0; length < customer.length; length++) {
            byte[] truncated = Arrays.copyOf(customer, length);
            assertThatThrownBy(() -> readValue(codec, truncated, "customer")).isInstanceOf(CodecException.class);

            assertThat(readValue(codec, listOfLists, "anything")).as("after a cut at %d", length).isEqualTo(lists);
            assertThat(readValue(codec, customer, "customer")).isEqualTo(CUSTOMER);
        }
    }

    private static Object nestedLists(int depth) {
        List<Object> outer = new ArrayList<>();
        List<Object> current = outer;
        for (int i = 0; i < depth; i++) {
            List<Object> inner = new ArrayList<>();
            current.add(inner);
            current = inner;
        }
        return outer;
    }

    private static byte[] payload(Consumer<Output> writer) {
        var out = new Output(64, -1);
        writer.accept(out);
        return out.toBytes();
    }

    /** Kryo's encoding of the first class named in a graph. */
    private static void writeClassName(Output out, String className) {
        writeClassName(out, className, 0);
    }

    /** Kryo's encoding of a class by name: marker, id of the name within the graph, name. */
    private static void writeClassName(Output out, String className, int nameId) {
        out.writeVarInt(1, true); // DefaultClassResolver.NAME + 2
        out.writeVarInt(nameId, true);
        out.writeString(className);
    }

    /** Records every class it is asked for, then asks its parent. */
    private static final class RecordingClassLoader extends ClassLoader {

        final ConcurrentLinkedQueue<String> requested = new ConcurrentLinkedQueue<>();

        RecordingClassLoader(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }
}
