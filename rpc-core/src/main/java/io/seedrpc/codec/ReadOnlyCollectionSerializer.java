package io.seedrpc.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Codes one of the JDK's read-only collections ({@code List.of}, {@code Collections.unmodifiableList},
 * {@code Arrays.asList}...) as a plain mutable carrier ({@code ArrayList}, {@code TreeSet}, {@code LinkedHashMap}...)
 * and wraps the decoded carrier back into the same kind of read-only view.
 *
 * <p>Kryo cannot build these classes itself: they have no usable constructor and their fields are closed to
 * reflection. Going through a carrier also sends every element through the bounded carrier serializers.
 *
 * @param <T> the read-only collection or map type
 * @param <C> the carrier type
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class ReadOnlyCollectionSerializer<T, C> extends Serializer<T> {

    private final Class<C> carrier;
    private final Function<T, C> toCarrier;
    private final Function<C, T> fromCarrier;

    private ReadOnlyCollectionSerializer(Class<C> carrier, Function<T, C> toCarrier, Function<C, T> fromCarrier) {
        super(false, true); // nulls are handled by Kryo; instances are immutable
        this.carrier = carrier;
        this.toCarrier = toCarrier;
        this.fromCarrier = fromCarrier;
    }

    /** Makes {@code kryo} use these serializers for every read-only JDK collection class in the allowlist. */
    static void registerAll(Kryo kryo) {
        var lists = new ReadOnlyCollectionSerializer<List, ArrayList>(ArrayList.class, ArrayList::new,
                // Stream.toList() makes the same class as List.of but admits nulls, which List.copyOf refuses
                list -> list.contains(null) ? Collections.unmodifiableList(list) : List.copyOf(list));
        register(kryo, lists, List.of(), List.of(1), List.of(1, 2, 3), List.of(1, 2, 3, 4).subList(0, 2));

        var sets = new ReadOnlyCollectionSerializer<Set, ArrayList>(ArrayList.class, ArrayList::new, Set::copyOf);
        register(kryo, sets, Set.of(), Set.of(1), Set.of(1, 2, 3));

        var maps = new ReadOnlyCollectionSerializer<Map, LinkedHashMap>(LinkedHashMap.class, LinkedHashMap::new,
                Map::copyOf);
        register(kryo, maps, Map.of(), Map.of(1, 2), Map.of(1, 2, 3, 4));

        register(kryo, new ReadOnlyCollectionSerializer<Collection, ArrayList>(ArrayList.class, ArrayList::new,
                Collections::unmodifiableCollection), Collections.unmodifiableCollection(new ArrayList<>()));
        register(kryo, new ReadOnlyCollectionSerializer<List, ArrayList>(ArrayList.class, ArrayList::new,
                        Collections::unmodifiableList),
                Collections.unmodifiableList(new ArrayList<>()), Collections.unmodifiableList(new LinkedList<>()));
        register(kryo, new ReadOnlyCollectionSerializer<Set, LinkedHashSet>(LinkedHashSet.class, LinkedHashSet::new,
                Collections::unmodifiableSet), Collections.unmodifiableSet(new HashSet<>()));
        // The sorted views travel as TreeSet / TreeMap, whose serializers carry the comparator along.
        register(kryo, new ReadOnlyCollectionSerializer<SortedSet, TreeSet>(TreeSet.class, set -> new TreeSet(set),
                Collections::unmodifiableSortedSet), Collections.unmodifiableSortedSet(new TreeSet<>()));
        register(kryo, new ReadOnlyCollectionSerializer<NavigableSet, TreeSet>(TreeSet.class, set -> new TreeSet(set),
                Collections::unmodifiableNavigableSet), Collections.unmodifiableNavigableSet(new TreeSet<>()));
        register(kryo, new ReadOnlyCollectionSerializer<Map, LinkedHashMap>(LinkedHashMap.class, LinkedHashMap::new,
                Collections::unmodifiableMap), Collections.unmodifiableMap(new HashMap<>()));
        register(kryo, new ReadOnlyCollectionSerializer<SortedMap, TreeMap>(TreeMap.class, map -> new TreeMap(map),
                Collections::unmodifiableSortedMap), Collections.unmodifiableSortedMap(new TreeMap<>()));
        register(kryo, new ReadOnlyCollectionSerializer<NavigableMap, TreeMap>(TreeMap.class, map -> new TreeMap(map),
                Collections::unmodifiableNavigableMap), Collections.unmodifiableNavigableMap(new TreeMap<>()));
        register(kryo, new ReadOnlyCollectionSerializer<List, ArrayList>(ArrayList.class, ArrayList::new,
                list -> Arrays.asList(list.toArray())), Arrays.asList(1, 2));
    }

    private static void register(Kryo kryo, Serializer<?> serializer, Object... samples) {
        for (Object sample : samples) {
            kryo.addDefaultSerializer(sample.getClass(), serializer);
        }
    }

    @Override
    public void write(Kryo kryo, Output output, T value) {
        kryo.writeObject(output, toCarrier.apply(value));
    }

    @Override
    public T read(Kryo kryo, Input input, Class<? extends T> type) {
        return fromCarrier.apply(kryo.readObject(input, carrier));
    }
}
