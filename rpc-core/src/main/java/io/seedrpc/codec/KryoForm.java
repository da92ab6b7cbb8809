package io.seedrpc.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Type;

/**
 * How {@link KryoCodec} codes the values of one declared type: without their class when every value of the type
 * has exactly that class (primitives, boxes, {@code String}, enums, records, final classes, arrays of them), else
 * with the class name in front. Worked out once per declared type by {@link DeclaredForms}: asking Kryo and the
 * class again for every value ({@code Kryo.isFinal} alone) was ~3 % of a server event loop's samples.
 */
final class KryoForm {

    final Type declared;
    private final Class<?> raw;
    /** The class of every value (the box for a primitive), or null when each value's class travels with it. */
    private final Class<?> exact;
    private final boolean isVoid;

    private KryoForm(Type declared, Class<?> raw, Class<?> exact, boolean isVoid) {
        this.declared = declared;
        this.raw = raw;
        this.exact = exact;
        this.isVoid = isVoid;
    }

    static KryoForm of(Kryo kryo, Type declared) {
        Class<?> raw = Types.rawClass(declared);
        // An enum constant with a body is a subclass, but Kryo codes it by the enum's serializer all the same.
        boolean exact = raw.isPrimitive() || raw.isEnum() || kryo.isFinal(raw);
        return new KryoForm(declared, raw, exact ? Types.boxed(raw) : null, Types.isVoid(raw));
    }

    void write(Kryo kryo, Output output, Object value) {
        if (isVoid) {
            return;
        }
        if (exact == null) {
            kryo.writeClassAndObject(output, value);
            return;
        }
        if (value != null && !exact.isInstance(value)) {
            throw new CodecException("a " + value.getClass().getName() + " cannot be written as "
                    + declared.getTypeName());
        }
        kryo.writeObjectOrNull(output, value, exact);
    }

    Object read(Kryo kryo, Input input) {
        if (isVoid) {
            return null;
        }
        Object value = exact != null ? kryo.readObjectOrNull(input, exact) : kryo.readClassAndObject(input);
        return Types.checkDecoded(value, declared, raw);
    }
}
