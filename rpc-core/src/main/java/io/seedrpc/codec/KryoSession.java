package io.seedrpc.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** One pooled Kryo with its reusable buffers. Used by one thread at a time. */
final class KryoSession {

    private static final int BUFFER_SIZE = 4096;

    final Kryo kryo;
    /** Whether a caller holds it now; touched only by the thread that holds it. */
    boolean inUse;
    private final BoundedInput input = new BoundedInput();
    // Bound to the caller's stream, so it flushes whenever it fills rather than growing.
    private final Output output = new BodyOutput(BUFFER_SIZE);

    KryoSession(Kryo kryo) {
        this.kryo = kryo;
    }

    /** The output, writing through to {@code out}. Flush it when done. */
    Output outputTo(OutputStream out) {
        output.setOutputStream(out);
        return output;
    }

    /** The input, holding all of {@code in}. */
    BoundedInput inputFrom(InputStream in) throws IOException {
        input.load(in);
        return input;
    }

    /**
     * Clears what a failed call left half done. Kryo unwinds its depth and graph state when a serializer throws, but
     * not its generics stack, whose stale entries could make the next payload be misread; asking for optimized
     * generics (the default) installs a fresh one. Much cheaper than a new Kryo for every malformed payload.
     */
    void recover() {
        kryo.reset();
        kryo.setOptimizedGenerics(true);
    }

    /** Lets go of the caller's streams and of oversized buffers, before this session goes back to the pool. */
    void release() {
        output.setOutputStream(null);
        if (output.getBuffer().length > BUFFER_SIZE) {
            output.setBuffer(new byte[BUFFER_SIZE], -1);
        }
        input.release();
    }
}
