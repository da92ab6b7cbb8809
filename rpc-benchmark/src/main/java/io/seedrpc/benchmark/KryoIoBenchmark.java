package io.seedrpc.benchmark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.unsafe.UnsafeInput;
import com.esotericsoftware.kryo.unsafe.UnsafeOutput;
import com.esotericsoftware.kryo.util.Util;
import io.seedrpc.benchmark.echo.SmallObject;
import io.seedrpc.codec.KryoCodec;
import io.seedrpc.codec.TypeAllowlist;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Kryo's safe {@code Input}/{@code Output} against its {@code sun.misc.Unsafe} ones, and SeedRPC's Kryo codec
 * with Kryo's own use of {@code Unsafe} (its field accessors) on or off, for the benchmark's two payloads. One
 * round trip is one encode and one decode on the calling thread; no network. Kryo decides once per JVM whether it
 * uses {@code Unsafe} (the system property {@code kryo.unsafe}), so compare two JVMs:
 *
 * <pre>
 * java -cp rpc-benchmark/target/rpc-benchmark.jar io.seedrpc.benchmark.KryoIoBenchmark
 * java -Dkryo.unsafe=false -cp rpc-benchmark/target/rpc-benchmark.jar io.seedrpc.benchmark.KryoIoBenchmark
 * </pre>
 *
 * With {@code kryo.unsafe=false} the {@code Unsafe*} streams are left out: they would load Kryo's Unsafe support
 * regardless. Prints the median of nine windows of a second of this thread's CPU time, after two seconds of
 * warm-up, in ns of CPU per round trip: CPU time rather than wall time, so that other processes on a loaded
 * machine shift the figures less.
 */
public final class KryoIoBenchmark {

    private static final long WARMUP_NANOS = 2_000_000_000L;
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private static final int WINDOWS = 9;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long sink;

    public static void main(String[] args) throws IOException {
        new KryoIoBenchmark().run();
    }

    private void run() throws IOException {
        boolean unsafeKryo = Util.unsafe;
        System.out.printf(Locale.ROOT, "Java %s, Kryo Unsafe %s (kryo.unsafe=%s)%n", Runtime.version(),
                unsafeKryo ? "on" : "off", System.getProperty("kryo.unsafe", "unset"));
        Object string = "x".repeat(100);
        Object object = new SmallObject(42L, 7, "nineteen-characters", 3.25, true);
        for (Object payload : List.of(string, object)) {
            String name = payload instanceof String ? "string" : "object";
            report(name, "seedrpc KryoCodec", codecRoundTrip(payload));
            report(name, "Kryo Output/Input", kryoRoundTrip(payload, () -> new Output(4096), Input::new));
            if (unsafeKryo) {
                report(name, "Kryo UnsafeOutput/UnsafeInput",
                        kryoRoundTrip(payload, () -> new UnsafeOutput(4096), UnsafeInput::new));
            }
        }
        System.out.println("(ignore: " + sink + ")");
    }

    private void report(String payload, String variant, Runnable roundTrip) {
        double median = measure(roundTrip);
        System.out.printf(Locale.ROOT, "%-7s %-31s %8.1f ns of CPU per round trip%n", payload, variant, median);
    }

    private static double measure(Runnable roundTrip) {
        long warmupEnd = THREADS.getCurrentThreadCpuTime() + WARMUP_NANOS;
        while (THREADS.getCurrentThreadCpuTime() < warmupEnd) {
            for (int i = 0; i < 1000; i++) {
                roundTrip.run();
            }
        }
        List<Double> windows = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            long start = THREADS.getCurrentThreadCpuTime();
            long operations = 0;
            long now;
            do {
                for (int i = 0; i < 1000; i++) {
                    roundTrip.run();
                }
                operations += 1000;
                now = THREADS.getCurrentThreadCpuTime();
            } while (now - start < WINDOW_NANOS);
            windows.add((now - start) / (double) operations);
        }
        windows.sort(null);
        return windows.get(WINDOWS / 2);
    }

    private Runnable codecRoundTrip(Object payload) {
        KryoCodec codec = new KryoCodec(new TypeAllowlist().allowClass(SmallObject.class));
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        return () -> {
            try {
                out.reset();
                codec.writeValue(out, payload, payload.getClass());
                Object back = codec.readValue(new ByteArrayInputStream(out.toByteArray()), payload.getClass());
                sink += back.hashCode();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private Runnable kryoRoundTrip(Object payload, Supplier<Output> outputs,
                                   java.util.function.Function<byte[], Input> inputs) {
        Kryo kryo = new Kryo();
        kryo.register(SmallObject.class);
        Output output = outputs.get();
        Class<?> type = payload.getClass();
        return () -> {
            output.reset();
            kryo.writeObject(output, payload);
            Input input = inputs.apply(output.getBuffer());
            input.setLimit(output.position());
            sink += kryo.readObject(input, type).hashCode();
        };
    }
}
