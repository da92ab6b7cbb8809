package io.seedrpc.codec;

/**
 * Plugs a further codec into every {@link CodecRegistry} built with {@link CodecRegistry#withDefaults}: list the
 * implementation in {@code META-INF/services/io.seedrpc.codec.CodecProvider}, and give the codec a handshake id and
 * name no other codec uses (1 and 2 are Kryo's and JSON's; see docs/protocol.md for the ids taken).
 */
public interface CodecProvider {

    /**
     * Creates the codec. It must consult {@code allowlist} before it instantiates any class named by a payload.
     */
    Codec create(TypeAllowlist allowlist);
}
