package io.seedrpc.codec.protobuf;

import io.seedrpc.codec.Codec;
import io.seedrpc.codec.CodecProvider;
import io.seedrpc.codec.TypeAllowlist;

/**
 * Adds the {@link ProtobufCodec} to every {@link io.seedrpc.codec.CodecRegistry} built with defaults, found
 * through {@code META-INF/services/io.seedrpc.codec.CodecProvider} when this module is on the class path.
 */
public final class ProtobufCodecProvider implements CodecProvider {

    /**
     * A new protobuf codec. It ignores {@code allowlist}: a protobuf body names no classes, and parsing fills only
     * the message class the method declares.
     */
    @Override
    public Codec create(TypeAllowlist allowlist) {
        return new ProtobufCodec();
    }
}
