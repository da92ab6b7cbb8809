package io.seedrpc.codec.protobuf;

import io.seedrpc.codec.Codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.concurrent.atomic.AtomicReference;

/** The protobuf codec, except that a request body set by the test replaces the one it would write. */
final class HandMadeBodies implements Codec {

    final AtomicReference<byte[]> next = new AtomicReference<>();
    private final ProtobufCodec real = new ProtobufCodec();

    @Override
    public byte id() {
        return real.id();
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public void writeArguments(OutputStream out, Object[] args, Type[] types) throws IOException {
        byte[] handMade = next.get();
        if (handMade != null) {
            out.write(handMade);
        } else {
            real.writeArguments(out, args, types);
        }
    }

    @Override
    public Object[] readArguments(InputStream in, Type[] types) throws IOException {
        return real.readArguments(in, types);
    }

    @Override
    public void writeValue(OutputStream out, Object value, Type type) throws IOException {
        real.writeValue(out, value, type);
    }

    @Override
    public Object readValue(InputStream in, Type type) throws IOException {
        return real.readValue(in, type);
    }
}
