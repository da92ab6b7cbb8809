package io.seedrpc.benchmark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.ByteBufferInput;
import com.esotericsoftware.kryo.io.ByteBufferOutput;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.seedrpc.benchmark.echo.Payload;
import io.seedrpc.benchmark.echo.SmallObject;
import io.seedrpc.codec.Codec;
import io.seedrpc.codec.JsonCodec;
import io.seedrpc.codec.KryoCodec;
import io.seedrpc.codec.TypeAllowlist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The codec work of one call, alone on one thread, as the transport does it: the client encodes the arguments into
 * a frame buffer, the server decodes them, encodes the result into another, and the client decodes that; the
 * buffers are Netty's direct I/O buffers, as frames are. Reported in ns of CPU and bytes allocated per call (median
 * of nine one-second windows after two seconds of warm-up), for both codecs and both payloads. Then, with plain
 * Kryo and no SeedRPC, the two ways Kryo can meet a direct frame buffer: through an array (written into an array and
 * copied into the frame once, copied out of the frame once and read from the array: what {@code KryoCodec} does),
 * or in place through Kryo's {@code ByteBufferOutput}/{@code ByteBufferInput}, which write and read the direct
 * memory a byte at a time.
 *
 * <pre>
 * java -cp rpc-benchmark/target/rpc-benchmark.jar io.seedrpc.benchmark.CodecPathBenchmark
 * </pre>
 *
 * Only rpc-core's public API is used, so the same source compiles and runs against an older build:
 * {@code javac -d DIR -cp "OLD/rpc-benchmark.jar:OLD/lib/*" CodecPathBenchmark.java}, then
 * {@code java -cp "DIR:OLD/rpc-benchmark.jar:OLD/lib/*" io.seedrpc.benchmark.CodecPathBenchmark}.
 */
public final class CodecPathBenchmark {

    private static final long WARMUP_NANOS = 2_000_000_000L;
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private static final int WINDOWS = 9;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long sink;

    public static void main(String[] args) {
        CodecPathBenchmark benchmark = new CodecPathBenchmark();
        benchmark.codecs();
        benchmark.plainKryo();
        System.out.println("(ignore: " + benchmark.sink + ")");
    }

    private void codecs() {
        System.out.printf(Locale.ROOT, "Java %s%n", Runtime.version());
        TypeAllowlist allowlist = new TypeAllowlist().allowClass(SmallObject.class);
        List<Codec> codecs = List.of(new KryoCodec(allowlist), new JsonCodec(allowlist));
        for (Payload payload : Payload.values()) {
            for (Codec codec : codecs) {
                double[] cost = measure(roundTrip(codec, payload));
                System.out.printf(Locale.ROOT, "%-7s %-5s %8.1f ns of CPU %7.0f bytes per call%n",
                        payload.id(), codec.name(), cost[0], cost[1]);
            }
        }
    }

    private Runnable roundTrip(Codec codec, Payload payload) {
        Object value = payload == Payload.STRING ? Payload.TEXT : Payload.OBJECT_VALUE;
        Type type = value.getClass();
        Type[] types = {type};
        Object[] arguments = {value};
        return () -> {
            try {
                ByteBuf request = ByteBufAllocator.DEFAULT.ioBuffer(192);
                try {
                    try (ByteBufOutputStream out = new ByteBufOutputStream(request)) {
                        codec.writeArguments(out, arguments, types);
                    }
                    Object[] decoded;
                    try (ByteBufInputStream in = new ByteBufInputStream(request)) {
                        decoded = codec.readArguments(in, types);
                    }
                    ByteBuf response = ByteBufAllocator.DEFAULT.ioBuffer(128);
                    try {
                        try (ByteBufOutputStream out = new ByteBufOutputStream(response)) {
                            codec.writeValue(out, decoded[0], type);
                        }
                        try (ByteBufInputStream in = new ByteBufInputStream(response)) {
                            sink += codec.readValue(in, type).hashCode();
                        }
                    } finally {
                        response.release();
                    }
                } finally {
                    request.release();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** {ns of CPU, bytes allocated} per run, the median window of each. */
    private static double[] measure(Runnable call) {
        long warmupEnd = THREADS.getCurrentThreadCpuTime() + WARMUP_NANOS;
        while (THREADS.getCurrentThreadCpuTime() < warmupEnd) {
            for (int i = 0; i < 1000; i++) {
                call.run();
            }
        }
        List<Double> cpu = new ArrayList<>();
        List<Double> bytes = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            long start = THREADS.getCurrentThreadCpuTime();
            long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
            long calls = 0;
            long now;
            do {
                for (int i = 0; i < 1000; i++) {
                    call.run();
                }
                calls += 1000;
                now = THREADS.getCurrentThreadCpuTime();
            } while (now - start < WINDOW_NANOS);
            cpu.add((now - start) / (double) calls);
            bytes.add((THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore) / (double) calls);
        }
        cpu.sort(null);
        bytes.sort(null);
        return new double[] {cpu.get(WINDOWS / 2), bytes.get(WINDOWS / 2)};
    }

    private void plainKryo() {
        for (Payload payload : Payload.values()) {
            Object value = payload == Payload.STRING ? Payload.TEXT : Payload.OBJECT_VALUE;
            double[] array = measure(throughArray(value));
            double[] direct = measure(inPlace(value));
            System.out.printf(Locale.ROOT, "%-7s plain Kryo, array + one copy each way %8.1f ns of CPU %7.0f bytes%n",
                    payload.id(), array[0], array[1]);
            System.out.printf(Locale.ROOT, "%-7s plain Kryo, in place (ByteBuffer I/O) %8.1f ns of CPU %7.0f bytes%n",
                    payload.id(), direct[0], direct[1]);
        }
    }

    private static Kryo kryo() {
        Kryo kryo = new Kryo();
        kryo.register(SmallObject.class);
        return kryo;
    }

    /** One body written into a frame and read back out of it, through arrays. */
    private Runnable throughArray(Object value) {
        Kryo kryo = kryo();
        Output output = new Output(4096, -1);
        Input input = new Input(4096);
        Class<?> type = value.getClass();
        return () -> {
            ByteBuf frame = ByteBufAllocator.DEFAULT.ioBuffer(192);
            try {
                output.reset();
                kryo.writeObject(output, value);
                frame.writeBytes(output.getBuffer(), 0, output.position());
                int length = frame.readableBytes();
                frame.getBytes(frame.readerIndex(), input.getBuffer(), 0, length);
                input.setBuffer(input.getBuffer(), 0, length);
                sink += kryo.readObject(input, type).hashCode();
            } finally {
                frame.release();
            }
        };
    }

    /** The same, written into and read out of the frame's memory in place. */
    private Runnable inPlace(Object value) {
        Kryo kryo = kryo();
        ByteBufferOutput output = new ByteBufferOutput();
        ByteBufferInput input = new ByteBufferInput();
        Class<?> type = value.getClass();
        return () -> {
            ByteBuf frame = ByteBufAllocator.DEFAULT.ioBuffer(192);
            try {
                output.setBuffer(frame.nioBuffer(0, frame.capacity()), frame.capacity());
                kryo.writeObject(output, value);
                frame.writerIndex(output.position());
                input.setBuffer(frame.nioBuffer());
                sink += kryo.readObject(input, type).hashCode();
            } finally {
                frame.release();
            }
        };
    }
}
