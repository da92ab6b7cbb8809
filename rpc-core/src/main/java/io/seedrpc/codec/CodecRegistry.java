package io.seedrpc.codec;

import io.seedrpc.UnknownNameException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The codecs a server or client can speak, found by handshake id or by configured name. Immutable once built;
 * every codec in it shares one {@link TypeAllowlist}.
 */
public final class CodecRegistry {

    /** The codec of our own that comes in a module apart, so that asking for it without the module says so. */
    private static final String PROTOBUF = "protobuf";
    private static final String PROTOBUF_MODULE = "io.seedrpc:rpc-codec-protobuf";

    private final Codec[] byId = new Codec[256];
    private final Map<String, Codec> byName = new LinkedHashMap<>();
    private final TypeAllowlist allowlist;

    private CodecRegistry(TypeAllowlist allowlist, Collection<Codec> codecs) {
        this.allowlist = allowlist;
        for (Codec codec : codecs) {
            int slot = codec.id() & 0xFF;
            if (byId[slot] != null) {
                throw new IllegalArgumentException("codecs '" + byId[slot].name() + "' and '" + codec.name()
                        + "' both claim handshake id " + slot);
            }
            if (byName.putIfAbsent(codec.name(), codec) != null) {
                throw new IllegalArgumentException("two codecs are named '" + codec.name() + "'");
            }
            byId[slot] = codec;
        }
    }

    /**
     * The built-in codecs ({@code kryo}, {@code json}) plus any found through {@link CodecProvider} on the class
     * path, all guarded by {@code allowlist}.
     */
    public static CodecRegistry withDefaults(TypeAllowlist allowlist) {
        return withDefaults(allowlist, java.util.List.of());
    }

    /** The defaults plus {@code extra} codecs (which must use ids and names of their own). */
    public static CodecRegistry withDefaults(TypeAllowlist allowlist, Collection<Codec> extra) {
        var codecs = new java.util.ArrayList<Codec>();
        codecs.add(new KryoCodec(allowlist));
        codecs.add(new JsonCodec(allowlist));
        for (CodecProvider provider : ServiceLoader.load(CodecProvider.class)) {
            codecs.add(provider.create(allowlist));
        }
        codecs.addAll(extra);
        return new CodecRegistry(allowlist, codecs);
    }

    /** A registry of exactly the given codecs. */
    public static CodecRegistry of(TypeAllowlist allowlist, Codec... codecs) {
        return new CodecRegistry(allowlist, java.util.List.of(codecs));
    }

    /** The codec a handshake named, if this side speaks it. */
    public Optional<Codec> byId(byte id) {
        return Optional.ofNullable(byId[id & 0xFF]);
    }

    /**
     * The codec configured by name.
     *
     * @throws UnknownNameException of kind {@code CODEC}, naming the known codecs, when there is none of that name
     */
    public Codec byName(String name) {
        Codec codec = byName.get(name);
        if (codec == null) {
            throw new UnknownNameException(UnknownNameException.Kind.CODEC, name, byName.keySet(),
                    PROTOBUF.equals(name) ? PROTOBUF_MODULE : null);
        }
        return codec;
    }

    /** Every codec, in registration order. */
    public Collection<Codec> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    /** The allowlist shared by every codec here; widen it as services and references are registered. */
    public TypeAllowlist allowlist() {
        return allowlist;
    }
}
