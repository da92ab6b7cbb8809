package io.seedrpc.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * Turns call arguments and results into bytes and back, guided by the declared (generic) Java types of the
 * service method, never by type names found in the payload alone.
 *
 * <p>A codec is chosen per client connection: the client names it by {@link #id()} in the handshake and both
 * sides use it for every body on that connection. Implementations are thread-safe: one instance serves every
 * connection of a server or client concurrently.
 *
 * <p>Failures are reported as {@link CodecException}; the caller adds which service and method it was coding.
 *
 * <p>Codecs besides Kryo and JSON plug in through {@link CodecProvider}; a codec that carries only some types
 * says so in {@link #checkService}, which runs before the first call.
 */
public interface Codec {

    /** The id that names this codec in the connection handshake; unique among the codecs of a process. */
    byte id();

    /** The name users configure, e.g. {@code "kryo"} or {@code "json"}. */
    String name();

    /**
     * Writes the arguments of one call. The number of arguments is part of the encoding, so that
     * {@link #readArguments} can tell a count mismatch apart from other corruption.
     *
     * @param args  the argument values, any of which may be {@code null}
     * @param types the declared parameter types, same length as {@code args}
     */
    void writeArguments(OutputStream out, Object[] args, Type[] types) throws IOException;

    /**
     * Reads the arguments written by {@link #writeArguments}.
     *
     * @throws CodecException when the payload is malformed, holds a different number of arguments than
     *                        {@code types}, or names a type outside the {@link TypeAllowlist}
     */
    Object[] readArguments(InputStream in, Type[] types) throws IOException;

    /** Writes one value (a call result) of the given declared type; {@code value} may be {@code null}. */
    void writeValue(OutputStream out, Object value, Type type) throws IOException;

    /**
     * Reads one value written by {@link #writeValue}.
     *
     * @throws CodecException when the payload is malformed or names a type outside the allowlist
     */
    Object readValue(InputStream in, Type type) throws IOException;

    /**
     * Checks, once and before any call, whether this codec can carry every call of {@code serviceInterface}, so
     * that a type it cannot carry is reported where the mistake was made, not on the first call. The codec may
     * also prepare what it needs per type here.
     *
     * <p>A client asks the codec of each proxy it creates, and refuses the proxy when the answer is not empty. A
     * server asks every codec it speaks as a service is registered: there a non-empty answer only means that
     * clients speaking this codec cannot call the service (a codec may be meant for some services only; protobuf
     * carries generated messages and nothing else), while a thrown exception fails the registration. A codec
     * throws only for an interface evidently written for it that it still cannot carry, such as a protobuf service
     * with one method taking an {@code int}.
     *
     * <p>Called from any thread, possibly while calls are being coded. The default carries every interface, as
     * Kryo and JSON do (what they may instantiate is the {@link TypeAllowlist}'s business).
     *
     * @return empty when every method can be carried; otherwise why not, naming the method and the type
     * @throws IllegalArgumentException naming the method and the type, when the interface is meant for this codec
     *                                  but a method breaks its rules
     */
    default Optional<String> checkService(Class<?> serviceInterface) {
        return Optional.empty();
    }
}
