package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The client JVM of one row. Connects to the row's server and either measures every cell
 * ({@code --payloads string,object --in-flight 1,16,128,512 --row-warmup 10s --warmup 5s --window 10s}: first a
 * warm-up of 16 callers per payload, then per cell a warm-up and a measured window), printing one {@code RESULT}
 * per cell between a {@code MARK open} and a {@code MARK close} (at which the runner reads the server's allocation),
 * or soaks ({@code --soak 10m --interval 1m}), printing one {@code SOAK} line per interval with the heap in use after
 * a full GC. CPU is read for this JVM and for {@code --server-pid} over each window, and the bytes this JVM's
 * threads allocated.
 * Exits when done, or at once if the runner goes away (its standard input ends).
 */
public final class ClientMain {

    private static final Logger log = LoggerFactory.getLogger(ClientMain.class);
    private static final long STOP_TIMEOUT_MILLIS = 30_000;
    private static final int WARMUP_CALLERS = 16;

    private final Target target;
    private final Target.Client client;
    private final long serverPid;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "benchmark-retries");
        thread.setDaemon(true);
        return thread;
    });

    private ClientMain(Target target, Target.Client client, long serverPid) {
        this.target = target;
        this.client = client;
        this.serverPid = serverPid;
    }

    public static void main(String[] argv) {
        exitWhenRunnerGoes();
        int status = 0;
        try {
            Map<String, String> args = Args.parse(argv, Set.of());
            Target target = Targets.load().get(Args.required(args, "target"));
            int port = Integer.parseInt(Args.required(args, "port"));
            long serverPid = Long.parseLong(Args.required(args, "server-pid"));
            try (Target.Client client = target.connect(port)) {
                ClientMain main = new ClientMain(target, client, serverPid);
                if (args.containsKey("soak")) {
                    main.soak(Durations.parse(args.get("soak")), Durations.parse(args.getOrDefault("interval", "1m")));
                } else {
                    main.measure(Arrays.stream(Args.required(args, "payloads").split(",")).map(Payload::fromId).toList(),
                            Arrays.stream(Args.required(args, "in-flight").split(",")).map(Integer::valueOf).toList(),
                            Durations.parse(Args.required(args, "row-warmup")),
                            Durations.parse(Args.required(args, "warmup")),
                            Durations.parse(Args.required(args, "window")));
                }
            }
            Wire.send(System.out, Wire.DONE, "");
        } catch (Throwable failure) {
            log.error("The benchmark client failed", failure);
            Wire.send(System.out, Wire.FAILED, Wire.oneLine(failure));
            status = 1;
        }
        System.exit(status);
    }

    private void measure(List<Payload> payloads, List<Integer> inFlight, Duration rowWarmup, Duration warmup,
                         Duration window)
            throws InterruptedException {
        // A first warm-up per payload, so that the first cell (one call in flight, the slowest to warm the JIT
        // up) starts from compiled code like the others.
        for (Payload payload : payloads) {
            ClosedLoop loop = new ClosedLoop(client, payload, WARMUP_CALLERS, retries);
            loop.start();
            Thread.sleep(rowWarmup.toMillis());
            if (!loop.stop(STOP_TIMEOUT_MILLIS)) {
                throw new IllegalStateException("calls were lost during the warm-up");
            }
        }
        for (Payload payload : payloads) {
            for (int callers : inFlight) {
                ClosedLoop loop = new ClosedLoop(client, payload, callers, retries);
                loop.start();
                Thread.sleep(warmup.toMillis());
                // The runner has the server count its allocation between the two marks.
                Wire.send(System.out, Wire.MARK, "open");
                Window measured = Window.open(loop, serverPid);
                Thread.sleep(window.toMillis());
                CellResult result = measured.close(target.name(), payload.id(), callers);
                Wire.send(System.out, Wire.MARK, "close");
                boolean stopped = loop.stop(STOP_TIMEOUT_MILLIS);
                Wire.send(System.out, Wire.RESULT, result.toLine());
                if (loop.lastError() != null) {
                    log.warn("{} {} x{}: {} errors, the last: {}", target.name(), payload.id(), callers,
                            loop.errors(), Wire.oneLine(loop.lastError()));
                }
                if (!stopped) {
                    throw new IllegalStateException(callers + " callers did not all get an answer within "
                            + STOP_TIMEOUT_MILLIS + " ms of the end of the window: calls were lost");
                }
            }
        }
    }

    private void soak(Duration length, Duration interval) throws InterruptedException {
        int callers = 128;
        ClosedLoop loop = new ClosedLoop(client, Payload.STRING, callers, retries);
        loop.start();
        long intervals = Math.max(1, length.toMillis() / interval.toMillis());
        for (long i = 1; i <= intervals; i++) {
            Window measured = Window.open(loop, serverPid);
            Thread.sleep(interval.toMillis());
            CellResult result = measured.close(target.name(), Payload.STRING.id(), callers);
            long heap = Heap.usedAfterGc();
            Wire.send(System.out, Wire.SOAK, String.format(Locale.ROOT, "index=%d clientHeap=%d %s", i, heap,
                    result.toLine()));
        }
        if (!loop.stop(STOP_TIMEOUT_MILLIS)) {
            throw new IllegalStateException("callers did not all get an answer within " + STOP_TIMEOUT_MILLIS
                    + " ms of the end of the soak: calls were lost");
        }
    }

    /** Readings at the start of a measured window. */
    private record Window(ClosedLoop loop, long serverPid, long startNanos, long errors, long clientCpu,
                          long serverCpu, AllocatedBytes.Snapshot clientAllocation) {

        static Window open(ClosedLoop loop, long serverPid) {
            AllocatedBytes.Snapshot allocation = AllocatedBytes.take();
            loop.interval();   // drops the calls timed before the window
            return new Window(loop, serverPid, System.nanoTime(), loop.errors(), CpuClock.self(),
                    CpuClock.of(serverPid), allocation);
        }

        CellResult close(String row, String payload, int callers) {
            Histogram latency = loop.interval();
            long end = System.nanoTime();
            long clientCpuEnd = CpuClock.self();
            long serverCpuEnd = CpuClock.of(serverPid);
            long clientBytes = AllocatedBytes.since(clientAllocation);
            long wall = end - startNanos;
            return CellResult.of(row, payload, callers, latency, wall / 1e9, loop.errors() - errors,
                    CpuClock.percent(serverCpu, serverCpuEnd, wall), CpuClock.percent(clientCpu, clientCpuEnd, wall),
                    clientBytes);
        }
    }

    /** The runner writes nothing to a client; the end of input means it has gone, and so must this JVM. */
    private static void exitWhenRunnerGoes() {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // Nothing is expected; keep reading until the end.
                }
            } catch (IOException e) {
                // Treated as the end of input.
            }
            System.exit(3);
        }, "benchmark-runner-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
