package io.seedrpc.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import java.util.ArrayList;
import java.util.Collection;

/**
 * Kryo's {@link CollectionSerializer}, except that the element count read from a payload is charged to the
 * {@link BoundedInput} budget and preallocates no more than the bytes left: Kryo's own sizes an
 * {@code ArrayList} straight from the count.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class BoundedCollectionSerializer extends CollectionSerializer<Collection> {

    @Override
    protected Collection create(Kryo kryo, Input input, Class<? extends Collection> type, int size) {
        int capacity = BoundedInput.claimElements(input, size);
        if (type == ArrayList.class) {
            return new ArrayList(capacity);
        }
        return kryo.newInstance(type);
    }
}
