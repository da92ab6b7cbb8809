package io.seedrpc.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.StringArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.UUIDSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.util.UUID;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * A {@link Kryo} set up to decode untrusted payloads: class names pass the {@link TypeAllowlist} before loading,
 * object graphs nest at most {@value #MAX_DEPTH} deep, and every serializer that allocates from a length prefix is
 * swapped for a bounded one (see {@link BoundedInput}). Classes need no registration: their names travel.
 *
 * <p>References are off, as in Kryo's default: a shared object is written once per use, and a cyclic graph fails
 * at the depth limit instead of overflowing the stack. Like every Kryo, not thread-safe.
 */
final class GuardedKryo extends Kryo {

    /**
     * How deep a decoded object graph may nest. Deep enough for any data type, shallow enough that a hostile payload
     * of nested lists cannot overflow a thread's stack.
     */
    static final int MAX_DEPTH = 128;

    private final Serializer<?> collections = new BoundedCollectionSerializer();
    private final Serializer<?> maps = new BoundedMapSerializer();
    private final Serializer<?> stringArrays = new BoundedArraySerializers.StringArrays();

    GuardedKryo(TypeAllowlist allowlist, ClassLoader classLoader) {
        super(new AllowlistClassResolver(allowlist), null);
        setRegistrationRequired(false);
        setMaxDepth(MAX_DEPTH);
        setClassLoader(classLoader);
        // A class without a no-arg constructor is created without running one. Safe here because only allowlisted
        // classes get this far, and it is what lets immutable POJOs with final fields travel.
        setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        addDefaultSerializer(UUID.class, new UUIDSerializer()); // Kryo has one but does not install it
        ReadOnlyCollectionSerializer.registerAll(this);
    }

    /**
     * Kryo's choice, with its unbounded collection, map and object-array serializers replaced. Swapping by class here
     * (rather than adding defaults for {@code Collection} and {@code Map}) keeps Kryo's special serializers for
     * {@code TreeSet}, {@code EnumSet}, {@code Collections.singletonList()} and the like.
     */
    @Override
    @SuppressWarnings("rawtypes")
    public Serializer getDefaultSerializer(Class type) {
        Serializer chosen = super.getDefaultSerializer(type);
        Class<?> kind = chosen.getClass();
        if (kind == CollectionSerializer.class) {
            return collections;
        }
        if (kind == MapSerializer.class) {
            return maps;
        }
        if (kind == StringArraySerializer.class) {
            return stringArrays;
        }
        if (kind == ObjectArraySerializer.class) {
            return new BoundedArraySerializers.ObjectArrays(this, type);
        }
        return chosen;
    }
}
