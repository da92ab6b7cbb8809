package io.seedrpc.codec;

/**
 * Plugs a further codec into every {@link CodecRegistry}: list the implementation in
 * {@code META-INF/services/io.seedrpc.codec.CodecProvider}.
 */
public interface CodecProvider {

    /**
     * Creates the codec. It must consult {@code allowlist} before it instantiates any class named by a payload.
     */
    Codec create(TypeAllowlist allowlist);
}
