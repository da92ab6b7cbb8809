package io.seedrpc.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.module.blackbird.BlackbirdModule;

/**
 * The human-readable codec (id 2, {@code "json"}), built on Jackson 3.
 *
 * <p>Arguments travel as a JSON array, a value as a single JSON value. Decoding is driven by the declared generic
 * types alone: default typing is never enabled, so a parameter declared {@code Object} decodes to maps, lists,
 * strings, numbers and booleans, never to a class the payload names. Class-name type ids that a data type opts into
 * with {@code @JsonTypeInfo(use = Id.CLASS)} are checked against the {@link TypeAllowlist}.
 *
 * <p>The format choices are part of the wire contract: {@code java.time} values as ISO-8601 strings with their
 * offset and zone id kept as written, {@code byte[]} as base64, enums by {@code name()}, {@code Optional} as its
 * content or {@code null} (so a {@code null} Optional decodes as empty). Unknown properties are ignored, so a
 * provider may add a field to a data type before every consumer has it. Nesting deeper than 128 levels and
 * strings longer than 16 Mi chars are refused.
 *
 * <p>JSON does not say which class a value was, so collections decode to Jackson's choice for the declared type
 * ({@code ArrayList}, {@code HashSet}, {@code LinkedHashMap}), and an abstract or sealed declared type needs
 * {@code @JsonTypeInfo} on it to be decoded at all.
 *
 * <p>Reading takes {@code in} to its end: the stream must hold exactly one body. Values are read and written as
 * they stream by, straight into and out of the declared types (no tree of nodes in between), by a reader and a
 * writer made once per declared type and kept for the codec's life: making them resolves the type and finds its
 * (de)serializer, which is most of Jackson's fixed cost per value. Bean properties and creators are reached through
 * lambdas that Jackson's Blackbird module generates once per property, not by reflection. Thread-safe: one immutable
 * mapper, and its immutable readers and writers, serve every call; each thread takes parser and generator buffers
 * from a recycler of its own.
 */
public final class JsonCodec implements Codec {

    // As deep as Kryo allows: enough for any data type, shallow enough to keep a hostile payload off the stack.
    static final int MAX_NESTING_DEPTH = 128;
    // Long enough for a 12 MiB byte[] in base64; a longer string is more likely an attack than data.
    static final int MAX_STRING_LENGTH = 16 * 1024 * 1024;

    private static final Object[] NO_ARGUMENTS = {};

    private final JsonMapper mapper;
    /**
     * Makes the parsers and generators. The mapper's own {@code createParser}/{@code createGenerator} would give each
     * a (de)serialization context of its own, which nothing here uses: the readers and writers below make theirs.
     */
    private final TokenStreamFactory streams;
    /** Per declared type; as many as the services' signatures name, which bounds them. */
    private final ConcurrentMap<Type, ObjectReader> readers = new ConcurrentHashMap<>();
    private final ConcurrentMap<Type, ObjectWriter> writers = new ConcurrentHashMap<>();

    /**
     * A codec whose {@code @JsonTypeInfo} class ids may name only the JDK value types of a new
     * {@link TypeAllowlist}; decoding by declared types needs no allowlist.
     */
    public JsonCodec() {
        this(new TypeAllowlist());
    }

    /** A codec whose {@code @JsonTypeInfo} class ids may name only classes in {@code allowlist}. */
    public JsonCodec(TypeAllowlist allowlist) {
        this.mapper = newMapper(Objects.requireNonNull(allowlist, "allowlist"));
        this.streams = mapper.tokenStreamFactory();
    }

    private static JsonMapper newMapper(TypeAllowlist allowlist) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .build())
                // the caller owns the streams
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                // each coding thread keeps its buffers: the default, a shared concurrent deque, cost a CAS loop and
                // a node for every parser and generator
                .recyclerPool(JsonRecyclerPools.threadLocalPool())
                .build();
        return JsonMapper.builder(factory)
                .polymorphicTypeValidator(new AllowlistTypeValidator(allowlist))
                // forward compatibility: a provider may add a property before its consumers know it
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // values are read one by one out of the arguments array; the end of input is checked here instead
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS, DateTimeFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                // a ZonedDateTime keeps its zone and an OffsetDateTime its offset, instead of arriving in UTC
                .enable(DateTimeFeature.WRITE_DATES_WITH_ZONE_ID)
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE, DateTimeFeature.NORMALIZE_DESERIALIZED_ZONE_ID)
                // the wire name of an enum constant is its name(); toString() is for people and may change
                .disable(EnumFeature.WRITE_ENUMS_USING_TO_STRING, EnumFeature.READ_ENUMS_USING_TO_STRING)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                // each argument need not be flushed to the stream on its own; closing the generator flushes the body
                .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
                // beans through generated lambdas: Jackson 3 alone calls a creator by invokeWithArguments, which builds
                // a spreader for every decoded object
                .addModule(new BlackbirdModule())
                .build();
    }

    @Override
    public byte id() {
        return 2;
    }

    @Override
    public String name() {
        return "json";
    }

    @Override
    public void writeArguments(OutputStream out, Object[] args, Type[] types) throws IOException {
        Object[] values = args == null ? NO_ARGUMENTS : args; // a proxy passes null for a method without parameters
        if (values.length != types.length) {
            throw new CodecException(values.length + " arguments given for " + types.length + " parameters");
        }
        encode(out, values, types, JsonCodec::writeAll);
    }

    private void writeAll(JsonGenerator generator, Object[] values, Type[] types) {
        generator.writeStartArray();
        for (int i = 0; i < values.length; i++) {
            write(generator, values[i], types[i]);
        }
        generator.writeEndArray();
    }

    @Override
    public Object[] readArguments(InputStream in, Type[] types) throws IOException {
        Objects.requireNonNull(in, "in");
        // Read twice when the count is wrong: from the mark where the stream can go back (the transport's can),
        // else from a copy.
        InputStream body = in.markSupported() ? in : new ByteArrayInputStream(in.readAllBytes());
        body.mark(Integer.MAX_VALUE);
        try {
            return decode(body, types, JsonCodec::readArguments);
        } catch (CodecException e) {
            // Values are decoded as they stream by, so a count mismatch usually shows first as a value of the wrong
            // shape. Count afresh to report what went wrong rather than its symptom.
            body.reset();
            int count = countArguments(body);
            if (count >= 0 && count != types.length) {
                throw new CodecException(countMismatch(types.length, count), e);
            }
            throw e;
        }
    }

    private Object[] readArguments(JsonParser parser, Type[] types) {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw new CodecException("the arguments are not a JSON array");
        }
        Object[] values = new Object[types.length];
        int count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (count < types.length) {
                values[count] = read(parser, types[count]);
            } else {
                parser.skipChildren(); // only counting, to say how many there were
            }
            count++;
        }
        if (count != types.length) {
            throw new CodecException(countMismatch(types.length, count));
        }
        return values;
    }

    /**
     * Reads arguments given as a JSON object keyed by parameter name, the form people type by hand, into the
     * declared types in parameter order. A parameter left out is {@code null}, or empty when it is an
     * {@code Optional}; a primitive one left out, an unknown name or a name given twice is refused.
     *
     * @param names the parameter names, same length as {@code types}
     * @throws CodecException naming the parameter when the payload does not fit
     */
    public Object[] readNamedArguments(InputStream in, Type[] types, String[] names) throws IOException {
        if (names.length != types.length) {
            throw new IllegalArgumentException(names.length + " names given for " + types.length + " parameters");
        }
        return decode(in, types, (codec, parser, declared) -> codec.readNamedArguments(parser, declared, names));
    }

    private Object[] readNamedArguments(JsonParser parser, Type[] types, String[] names) {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new CodecException("the arguments are not a JSON object");
        }
        Object[] values = new Object[types.length];
        boolean[] given = new boolean[types.length];
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            int index = Arrays.asList(names).indexOf(name);
            if (index < 0) {
                throw new CodecException("there is no parameter '" + name + "'; the parameters are "
                        + Arrays.toString(names));
            }
            if (given[index]) {
                throw new CodecException("parameter '" + name + "' is given twice");
            }
            parser.nextToken();
            try {
                values[index] = read(parser, types[index]);
            } catch (CodecException e) {
                throw new CodecException("parameter '" + name + "': " + e.getMessage(), e);
            } catch (JacksonException e) {
                throw new CodecException("parameter '" + name + "': " + e.getOriginalMessage(), e);
            }
            given[index] = true;
        }
        for (int i = 0; i < types.length; i++) {
            if (!given[i]) {
                Class<?> raw = Types.rawClass(types[i]);
                if (raw.isPrimitive()) {
                    throw new CodecException("parameter '" + names[i] + "' of type " + raw.getName() + " is missing");
                }
                values[i] = raw == Optional.class ? Optional.empty() : null;
            }
        }
        return values;
    }

    /** The number of elements in the payload's top-level array, or -1 if it is not a well-formed array. */
    private int countArguments(InputStream body) {
        try (JsonParser parser = streams.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return -1;
            }
            int count = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                parser.skipChildren();
                count++;
            }
            return count;
        } catch (JacksonException e) {
            return -1;
        }
    }

    private static String countMismatch(int expected, int actual) {
        return "expected " + expected + " arguments but the payload holds " + actual;
    }

    @Override
    public void writeValue(OutputStream out, Object value, Type type) throws IOException {
        encode(out, value, type, JsonCodec::write);
    }

    @Override
    public Object readValue(InputStream in, Type type) throws IOException {
        return decode(in, type, JsonCodec::readOne);
    }

    private Object readOne(JsonParser parser, Type declared) {
        parser.nextToken();
        return read(parser, declared);
    }

    private void write(JsonGenerator generator, Object value, Type declared) {
        if (Types.isVoid(Types.rawClass(declared))) {
            generator.writeNull();
        } else {
            writerFor(declared).writeValue(generator, value);
        }
    }

    private ObjectWriter writerFor(Type declared) {
        // get first: computeIfAbsent's lambda captures this codec, an object per value even when the writer is there
        ObjectWriter writer = writers.get(declared);
        return writer != null ? writer : writers.computeIfAbsent(declared, type -> mapper.writerFor(javaType(type)));
    }

    private ObjectReader readerFor(Type declared) {
        ObjectReader reader = readers.get(declared);
        return reader != null ? reader : readers.computeIfAbsent(declared, type -> mapper.readerFor(javaType(type)));
    }

    /** Reads the value at the parser's current token. */
    private Object read(JsonParser parser, Type declared) {
        if (parser.currentToken() == null) {
            throw new CodecException("the payload ends before its value");
        }
        if (Types.isVoid(Types.rawClass(declared))) {
            parser.skipChildren();
            return null;
        }
        return Types.checkDecoded(readerFor(declared).readValue(parser), declared);
    }

    private JavaType javaType(Type declared) {
        return mapper.getTypeFactory().constructType(declared);
    }

    /**
     * Writes one body. What to write comes as parameters rather than captured by a lambda, so that the steps are
     * method references the JVM makes once, not an object per body.
     */
    private <V, T> void encode(OutputStream out, V value, T type, Encoding<V, T> encoding) throws IOException {
        Objects.requireNonNull(out, "out");
        try (JsonGenerator generator = streams.createGenerator(ObjectWriteContext.empty(), out)) {
            encoding.write(this, generator, value, type);
        } catch (JacksonIOException e) {
            throw e.getCause(); // the caller's stream failed, which is not the body's fault
        } catch (JacksonException e) {
            throw new CodecException("cannot encode JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads one body; like {@link #encode}, with the declared types as a parameter. */
    private <T, R> R decode(InputStream in, T types, Decoding<T, R> decoding) throws IOException {
        Objects.requireNonNull(in, "in");
        try (JsonParser parser = streams.createParser(ObjectReadContext.empty(), in)) {
            R result = decoding.read(this, parser, types);
            if (parser.nextToken() != null) {
                throw new CodecException("unexpected content after the body at " + parser.currentLocation());
            }
            return result;
        } catch (JacksonIOException e) {
            throw e.getCause();
        } catch (JacksonException e) {
            throw new CodecException("malformed JSON payload: " + e.getMessage(), e);
        } catch (CodecException e) {
            throw e;
        } catch (RuntimeException e) {
            // Jackson wraps what data types throw; anything else escaping it is still the payload's fault
            throw new CodecException("malformed JSON payload: " + e, e);
        }
    }

    @FunctionalInterface
    private interface Encoding<V, T> {
        void write(JsonCodec codec, JsonGenerator generator, V value, T type);
    }

    @FunctionalInterface
    private interface Decoding<T, R> {
        R read(JsonCodec codec, JsonParser parser, T types);
    }
}
