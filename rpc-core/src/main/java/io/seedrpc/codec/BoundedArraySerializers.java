package io.seedrpc.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.StringArraySerializer;

/**
 * Kryo's serializers for arrays of objects, which allocate the array from its length prefix before reading any
 * element, preceded by a check that the payload has a byte left for each element (they write at least one each,
 * if only a null marker). Arrays of primitives need no such serializer: {@link BoundedInput} checks those reads.
 */
final class BoundedArraySerializers {

    private BoundedArraySerializers() {
    }

    /** For {@code Object[]} and every other array of references but {@code String[]}. */
    static final class ObjectArrays extends ObjectArraySerializer {

        ObjectArrays(Kryo kryo, Class<?> type) {
            super(kryo, type);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Object[] read(Kryo kryo, Input input, Class type) {
            BoundedInput.checkLengthPrefix(input);
            return super.read(kryo, input, type);
        }
    }

    /** For {@code String[]}. */
    static final class StringArrays extends StringArraySerializer {

        @Override
        @SuppressWarnings("rawtypes")
        public String[] read(Kryo kryo, Input input, Class type) {
            BoundedInput.checkLengthPrefix(input);
            return super.read(kryo, input, type);
        }
    }
}
