package io.seedrpc.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * The compact binary codec (id 1, {@code "kryo"}), built on Kryo 5.
 *
 * <p>Encoding is guided by the declared types: a value whose declared type is final (primitives, boxes,
 * {@code String}, enums, records, final classes, {@code Optional}) is written without its class; any other value
 * is written with its class name, which the reader checks against the {@link TypeAllowlist} before loading the
 * class. Arguments are preceded by their count. Classes need no registration.
 *
 * <p>Reading takes {@code in} to its end, so the stream must hold exactly one body; bytes left over after it are
 * an error. Lengths in the payload are checked against the bytes it holds before anything is allocated from them,
 * and object graphs nest at most 128 deep, so malformed input fails with a {@link CodecException} rather than
 * exhausting memory or stack. If writing fails, {@code out} may have received part of the body.
 *
 * <p>Thread-safe: Kryo instances, which are not, are pooled with their buffers. Object graphs must be trees
 * (shared objects are written once per reference; cycles fail), and JDK exception classes cannot be encoded
 * because their fields are closed to reflection on JDK 17+.
 */
public final class KryoCodec implements Codec {

    private static final Object[] NO_ARGUMENTS = {};

    private final SessionPool sessions;

    /** A codec that loads payload classes through the thread context class loader of the creating thread. */
    public KryoCodec(TypeAllowlist allowlist) {
        this(allowlist, defaultClassLoader());
    }

    KryoCodec(TypeAllowlist allowlist, ClassLoader classLoader) {
        Objects.requireNonNull(allowlist, "allowlist");
        Objects.requireNonNull(classLoader, "classLoader");
        // Before any Kryo exists: Kryo reads its Unsafe switch once, when the first one is made.
        KryoUnsafeChoice.applyFor(Runtime.version().feature());
        int retained = Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
        this.sessions = new SessionPool(retained, () -> new KryoSession(new GuardedKryo(allowlist, classLoader)));
    }

    @Override
    public byte id() {
        return 1;
    }

    @Override
    public String name() {
        return "kryo";
    }

    @Override
    public void writeArguments(OutputStream out, Object[] args, Type[] types) throws IOException {
        Object[] values = args == null ? NO_ARGUMENTS : args; // a proxy passes null for a method without parameters
        if (values.length != types.length) {
            throw new CodecException(values.length + " arguments given for " + types.length + " parameters");
        }
        encode(out, values, types, KryoCodec::writeAll);
    }

    @Override
    public Object[] readArguments(InputStream in, Type[] types) throws IOException {
        return decode(in, types, KryoCodec::readAll);
    }

    @Override
    public void writeValue(OutputStream out, Object value, Type type) throws IOException {
        encode(out, value, type, KryoCodec::write);
    }

    @Override
    public Object readValue(InputStream in, Type type) throws IOException {
        return decode(in, type, KryoCodec::read);
    }

    private static void writeAll(Kryo kryo, Output output, Object[] values, Type[] types) {
        output.writeVarInt(values.length, true);
        for (int i = 0; i < values.length; i++) {
            write(kryo, output, values[i], types[i]);
        }
    }

    private static Object[] readAll(Kryo kryo, Input input, Type[] types) {
        int count = input.readVarInt(true);
        if (count != types.length) {
            throw new CodecException("expected " + types.length + " arguments but the payload holds " + count);
        }
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            values[i] = read(kryo, input, types[i]);
        }
        return values;
    }

    private static void write(Kryo kryo, Output output, Object value, Type declared) {
        Class<?> raw = Types.rawClass(declared);
        if (Types.isVoid(raw)) {
            return;
        }
        if (isExact(kryo, raw)) {
            Class<?> exact = Types.boxed(raw);
            if (value != null && !exact.isInstance(value)) {
                throw new CodecException("a " + value.getClass().getName() + " cannot be written as "
                        + declared.getTypeName());
            }
            kryo.writeObjectOrNull(output, value, exact);
        } else {
            kryo.writeClassAndObject(output, value);
        }
    }

    private static Object read(Kryo kryo, Input input, Type declared) {
        Class<?> raw = Types.rawClass(declared);
        if (Types.isVoid(raw)) {
            return null;
        }
        Object value = isExact(kryo, raw)
                ? kryo.readObjectOrNull(input, Types.boxed(raw))
                : kryo.readClassAndObject(input);
        return Types.checkDecoded(value, declared);
    }

    /** Whether every value of the declared class has exactly that class, so none need be written. */
    private static boolean isExact(Kryo kryo, Class<?> raw) {
        // An enum constant with a body is a subclass, but Kryo codes it by the enum's serializer all the same.
        return raw.isPrimitive() || raw.isEnum() || kryo.isFinal(raw);
    }

    /**
     * Writes one body. What to write comes as parameters, not captured by a lambda: the steps are static method
     * references, which the JVM makes once, where a capturing lambda was one object per body on every call.
     */
    private <V, T> void encode(OutputStream out, V value, T type, Encoding<V, T> encoding) throws IOException {
        Objects.requireNonNull(out, "out");
        KryoSession session = sessions.obtain();
        boolean clean = false;
        try {
            Output output = session.outputTo(out);
            encoding.write(session.kryo, output, value, type);
            output.flush();
            clean = true;
        } catch (KryoException e) {
            if (e.getCause() instanceof IOException io) {
                throw io; // the caller's stream failed, which is not the body's fault
            }
            throw failure("cannot encode", e);
        } catch (RuntimeException | LinkageError e) {
            throw failure("cannot encode", e);
        } finally {
            recycle(session, clean);
        }
    }

    /** Reads one body; like {@link #encode}, with the declared type as a parameter so that nothing is captured. */
    private <T, R> R decode(InputStream in, T type, Decoding<T, R> decoding) throws IOException {
        Objects.requireNonNull(in, "in");
        KryoSession session = sessions.obtain();
        boolean clean = false;
        try {
            BoundedInput input = session.inputFrom(in);
            R result = decoding.read(session.kryo, input, type);
            if (input.remaining() != 0) {
                throw new CodecException(input.remaining() + " bytes are left over after the body");
            }
            clean = true;
            return result;
        } catch (RuntimeException | LinkageError e) {
            // LinkageError: a payload can name a class that is allowed but does not link (wrong case, stale jar).
            throw failure("malformed kryo payload", e);
        } finally {
            recycle(session, clean);
        }
    }

    /** Returns the session to the pool, first clearing what a failed call left behind in it. */
    private void recycle(KryoSession session, boolean clean) {
        if (!clean) {
            session.recover();
        }
        session.release();
        sessions.free(session);
    }

    private static CodecException failure(String what, Throwable e) {
        // A CodecException of ours (refused class, count mismatch) may arrive wrapped by Kryo, which adds the
        // serialization trace; keep our message first.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CodecException codec) {
                return cause == e ? codec : new CodecException(codec.getMessage(), e);
            }
        }
        return new CodecException(what + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()), e);
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : KryoCodec.class.getClassLoader();
    }

    @FunctionalInterface
    private interface Encoding<V, T> {
        void write(Kryo kryo, Output output, V value, T type);
    }

    @FunctionalInterface
    private interface Decoding<T, R> {
        R read(Kryo kryo, Input input, T type);
    }
}
