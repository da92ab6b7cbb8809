package io.seedrpc.codec.protobuf;

import io.seedrpc.codec.Codec;
import io.seedrpc.codec.CodecException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.Objects;
import java.util.Optional;

/**
 * The Protocol Buffers codec (handshake id 3, {@code "protobuf"}): carries services whose parameters and results
 * are classes protoc generated, so that types already defined in {@code .proto} files (for other languages, for
 * schema evolution, for gRPC) serve SeedRPC calls as they are.
 *
 * <p>Each value is written and parsed by its message class's own generated code: the parser of every declared
 * type is found once, when a proxy is created or a service registered ({@link #checkService}), never by
 * reflection per call. The body is itself a protobuf message whose field {@code n} holds the {@code n}-th value,
 * absent for {@code null} (see {@code Bodies}). Fields a newer schema added are kept as unknown fields and written
 * out again, so a message passes through an older peer intact.
 *
 * <p>No allowlist is involved: a protobuf body names no classes, and parsing fills the one message class the
 * method declares, so it never instantiates anything else. Malformed bodies (wrong wire types, truncated varints,
 * lengths past the end of the body, nesting deeper than 100) fail with a {@link CodecException}.
 *
 * <p>Methods may take any number of messages (each its own field of the body) and return a message, or nothing
 * ({@code void}, {@code CompletableFuture<Void>}). The well-known types ({@code StringValue}, {@code Int64Value},
 * {@code Timestamp}, {@code Empty}, ...) are generated messages like any other. Thread-safe.
 */
public final class ProtobufCodec implements Codec {

    /** The handshake id; see docs/protocol.md for the ids taken. */
    public static final byte ID = 3;

    /** The name clients configure: {@code rpc.client.codec=protobuf}, {@code RpcClient.Builder#codec}. */
    public static final String NAME = "protobuf";

    private static final Object[] NO_ARGUMENTS = {};

    private final MessageTypes messageTypes = new MessageTypes();

    @Override
    public byte id() {
        return ID;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Checks that every parameter and result of {@code serviceInterface} is a generated message, and finds their
     * parsers.
     *
     * @return empty when every method is carried; why not, for an interface that mentions no message at all
     *         (a service for the other codecs)
     * @throws IllegalArgumentException naming the method and the type, for an interface that mentions a message
     *                                  but also takes or returns something else
     */
    @Override
    public Optional<String> checkService(Class<?> serviceInterface) {
        return ServiceCheck.check(Objects.requireNonNull(serviceInterface, "serviceInterface"), messageTypes);
    }

    @Override
    public void writeArguments(OutputStream out, Object[] args, Type[] types) throws IOException {
        Object[] values = args == null ? NO_ARGUMENTS : args; // a proxy passes null for a method without parameters
        if (values.length != types.length) {
            throw new CodecException(values.length + " arguments given for " + types.length + " parameters");
        }
        out.write(Bodies.encode(values, required(types)));
    }

    @Override
    public Object[] readArguments(InputStream in, Type[] types) throws IOException {
        return Bodies.decode(Bodies.readAll(in), required(types));
    }

    @Override
    public void writeValue(OutputStream out, Object value, Type type) throws IOException {
        if (isVoid(type)) {
            return;
        }
        out.write(Bodies.encode(new Object[] {value}, new MessageType[] {messageTypes.required(type)}));
    }

    @Override
    public Object readValue(InputStream in, Type type) throws IOException {
        if (isVoid(type)) {
            return null; // nothing was written
        }
        return Bodies.decode(Bodies.readAll(in), new MessageType[] {messageTypes.required(type)})[0];
    }

    private MessageType[] required(Type[] types) {
        MessageType[] resolved = new MessageType[types.length];
        for (int i = 0; i < types.length; i++) {
            resolved[i] = messageTypes.required(types[i]);
        }
        return resolved;
    }

    private static boolean isVoid(Type type) {
        return type == void.class || type == Void.class;
    }

    @Override
    public String toString() {
        return "ProtobufCodec[id=" + ID + "]";
    }
}
