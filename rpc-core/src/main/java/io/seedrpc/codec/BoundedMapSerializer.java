package io.seedrpc.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.HashMap;
import java.util.Map;

/**
 * Kryo's {@link MapSerializer}, except that the entry count read from a payload is charged to the
 * {@link BoundedInput} budget and sizes a {@code HashMap} from no more than the bytes left.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class BoundedMapSerializer extends MapSerializer<Map> {

    @Override
    protected Map create(Kryo kryo, Input input, Class<? extends Map> type, int size) {
        int capacity = BoundedInput.claimElements(input, size);
        if (type == HashMap.class) {
            return new HashMap((int) Math.min(Integer.MAX_VALUE, capacity * 4L / 3 + 1));
        }
        return kryo.newInstance(type);
    }
}
