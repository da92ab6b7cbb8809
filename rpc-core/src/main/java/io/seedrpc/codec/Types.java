package io.seedrpc.codec;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;

/** What the codecs need to know about a declared {@link Type}. */
final class Types {

    private Types() {
    }

    /** The class a value of the declared type is an instance of (the erasure; primitives stay primitive). */
    static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> cls) {
            return cls;
        }
        if (type instanceof ParameterizedType parameterized) {
            return rawClass(parameterized.getRawType());
        }
        if (type instanceof GenericArrayType array) {
            return rawClass(array.getGenericComponentType()).arrayType();
        }
        if (type instanceof TypeVariable<?> variable) {
            return rawClass(variable.getBounds()[0]);
        }
        if (type instanceof WildcardType wildcard) {
            return rawClass(wildcard.getUpperBounds()[0]);
        }
        return Object.class;
    }

    /** The class whose instances carry values of {@code type}: the box for a primitive, else itself. */
    static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == float.class) {
            return Float.class;
        }
        if (type == short.class) {
            return Short.class;
        }
        if (type == byte.class) {
            return Byte.class;
        }
        if (type == char.class) {
            return Character.class;
        }
        return Void.class;
    }

    /** Whether the declared type carries no value ({@code void} or {@code Void}), so nothing need be coded. */
    static boolean isVoid(Class<?> type) {
        return type == void.class || type == Void.class;
    }

    /**
     * Checks a decoded value against its declared type, which codecs must do because a payload can claim any
     * allowed class: a value of the wrong class would otherwise surface later as a confusing failure in the call.
     * Only the erasure is checked; elements of a generic collection are not.
     */
    static Object checkDecoded(Object value, Type declared) {
        Class<?> raw = rawClass(declared);
        if (value == null) {
            if (raw.isPrimitive()) {
                throw new CodecException("the payload holds null where " + raw.getName() + " is declared");
            }
            return null;
        }
        if (!boxed(raw).isInstance(value)) {
            throw new CodecException("the payload holds a " + value.getClass().getName() + " where "
                    + declared.getTypeName() + " is declared");
        }
        return value;
    }
}
