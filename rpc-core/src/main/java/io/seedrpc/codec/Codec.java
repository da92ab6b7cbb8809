package io.seedrpc.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;

/**
 * Turns call arguments and results into bytes and back, guided by the declared (generic) Java types of the
 * service method, never by type names found in the payload alone.
 *
 * <p>A codec is chosen per client connection: the client names it by {@link #id()} in the handshake and both
 * sides use it for every body on that connection. Implementations are thread-safe: one instance serves every
 * connection of a server or client concurrently.
 *
 * <p>Failures are reported as {@link CodecException}; the caller adds which service and method it was coding.
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
}
