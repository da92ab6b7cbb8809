package io.seedrpc.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Type;
import org.junit.jupiter.api.Test;

/**
 * Kryo's coding allocates nothing of its own per body: the only objects a call costs are the values it decodes
 * (here none, or the arguments' array). Measured over the first calls, before the JIT's escape analysis could hide
 * an object that the code makes, so that a capturing lambda or a per-call buffer would be counted.
 */
class KryoCodecAllocationTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int CALLS = 1_000;
    /** An {@code Object[2]} with compressed references: a 16-byte header and two 4-byte slots. */
    private static final int TWO_SLOT_ARRAY_BYTES = 24;

    private final KryoCodec codec = new KryoCodec(new TypeAllowlist());
    // Longer than 32 ASCII chars, so that BodyOutput's own path writes it; Integer 7 and TRUE are cached boxes.
    private final Object[] arguments = {"a string long enough for the bulk ASCII path of BodyOutput", 7};
    private final Type[] types = {String.class, int.class};

    @Test
    void writingArgumentsAndValuesAllocatesNothing() throws IOException {
        OutputStream sink = OutputStream.nullOutputStream();
        codec.writeArguments(sink, arguments, types); // this thread's session is made on first use
        codec.writeValue(sink, Boolean.TRUE, boolean.class);

        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            codec.writeArguments(sink, arguments, types);
            codec.writeValue(sink, Boolean.TRUE, boolean.class);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        // Any object per call would be at least 16 bytes a call.
        assertThat(allocated).isLessThan(CALLS);
    }

    @Test
    void readingAllocatesNothingButTheArgumentsArray() throws IOException {
        ByteArrayInputStream argumentsBody = new ByteArrayInputStream(body(codec, 7, true));
        ByteArrayInputStream valueBody = new ByteArrayInputStream(valueBody(codec));
        Type[] smallTypes = {int.class, boolean.class};
        codec.readArguments(argumentsBody, smallTypes);
        codec.readValue(valueBody, boolean.class);

        Object[] decoded = null;
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            argumentsBody.reset();
            decoded = codec.readArguments(argumentsBody, smallTypes);
            valueBody.reset();
            codec.readValue(valueBody, boolean.class);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertThat(decoded).containsExactly(7, true);
        assertThat(allocated).isLessThan((long) CALLS * (TWO_SLOT_ARRAY_BYTES + 1));
    }

    private static byte[] body(KryoCodec codec, Object... values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.writeArguments(out, values, new Type[] {int.class, boolean.class});
        return out.toByteArray();
    }

    private static byte[] valueBody(KryoCodec codec) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.writeValue(out, Boolean.TRUE, boolean.class);
        return out.toByteArray();
    }
}
