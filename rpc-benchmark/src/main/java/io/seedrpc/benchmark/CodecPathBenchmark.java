package io.seedrpc.benchmark;

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
 * of nine one-second windows after two seconds of warm-up), for both codecs and both payloads, read through
 * {@code ByteBufInputStream} as the transport read bodies before issue 15.
 *
 * <pre>
 * java -cp rpc-benchmark/target/rpc-benchmark.jar io.seedrpc.benchmark.CodecPathBenchmark
 * </pre>
 *
 * Only rpc-core's public API of before issue 15 is used, so the same source compiles and runs against an older
 * build; {@code CodecBufferPathBenchmark} adds the rows that read bodies through the {@code ByteBuffer} methods.
 */
public class CodecPathBenchmark {

    private static final long WARMUP_NANOS = 2_000_000_000L;
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private static final int WINDOWS = 9;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** One way of moving bodies in and out of frame buffers. */
    protected interface BodyPath {
        Object[] readArguments(Codec codec, ByteBuf body, Type[] types) throws IOException;

        Object readValue(Codec codec, ByteBuf body, Type type) throws IOException;
    }

    /** The transport's path before issue 15: streams over the frame buffer both ways. */
    protected static final BodyPath STREAMS = new BodyPath() {
        @Override
        public Object[] readArguments(Codec codec, ByteBuf body, Type[] types) throws IOException {
            try (ByteBufInputStream in = new ByteBufInputStream(body)) {
                return codec.readArguments(in, types);
            }
        }

        @Override
        public Object readValue(Codec codec, ByteBuf body, Type type) throws IOException {
            try (ByteBufInputStream in = new ByteBufInputStream(body)) {
                return codec.readValue(in, type);
            }
        }
    };

    private long sink;

    public static void main(String[] args) {
        new CodecPathBenchmark().run(List.of("streams"), List.of(STREAMS));
    }

    protected final void run(List<String> pathNames, List<BodyPath> paths) {
        System.out.printf(Locale.ROOT, "Java %s%n", Runtime.version());
        TypeAllowlist allowlist = new TypeAllowlist().allowClass(SmallObject.class);
        List<Codec> codecs = List.of(new KryoCodec(allowlist), new JsonCodec(allowlist));
        for (Payload payload : Payload.values()) {
            for (Codec codec : codecs) {
                for (int i = 0; i < paths.size(); i++) {
                    double[] cost = measure(roundTrip(codec, payload, paths.get(i)));
                    System.out.printf(Locale.ROOT, "%-7s %-5s %-8s %8.1f ns of CPU %7.0f bytes per call%n",
                            payload.id(), codec.name(), pathNames.get(i), cost[0], cost[1]);
                }
            }
        }
        System.out.println("(ignore: " + sink + ")");
    }

    private Runnable roundTrip(Codec codec, Payload payload, BodyPath path) {
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
                    Object[] decoded = path.readArguments(codec, request, types);
                    ByteBuf response = ByteBufAllocator.DEFAULT.ioBuffer(128);
                    try {
                        try (ByteBufOutputStream out = new ByteBufOutputStream(response)) {
                            codec.writeValue(out, decoded[0], type);
                        }
                        sink += path.readValue(codec, response, type).hashCode();
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
    protected static double[] measure(Runnable call) {
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
}
