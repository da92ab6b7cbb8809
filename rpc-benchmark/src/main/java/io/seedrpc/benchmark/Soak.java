package io.seedrpc.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The soak: 128 callers against one row (seedrpc-kryo) for a long time. After every interval the client reports
 * its calls, errors, latency and heap in use after a full GC, and the runner asks the server for the same heap
 * reading. It passes with zero errors and both heap series flat: the last reading within
 * {@value #GROWTH_PERCENT} % + {@value #GROWTH_SLACK_MIB} MiB of the lowest one before it, so that a high
 * early reading cannot hide growth.
 */
final class Soak {

    static final int GROWTH_PERCENT = 10;
    static final int GROWTH_SLACK_MIB = 2;

    private final Options options;
    private final Children children;
    private final PrintStream out;

    Soak(Options options, Children children, PrintStream out) {
        this.options = options;
        this.children = children;
        this.out = out;
    }

    /** One interval's readings. */
    record Reading(int index, CellResult cell, long clientHeap, long serverHeap) {
    }

    /** Runs the soak and prints the series; returns whether it passed. */
    boolean run(Target row) throws IOException, InterruptedException {
        out.printf("Soak: %s, 128 in flight, string payload, %s, heap after full GC every %s%n", row.name(),
                Durations.format(options.soak()), Durations.format(options.soakInterval()));
        out.printf("%5s %12s %8s %9s %9s %9s %8s %8s %14s %14s%n", "index", "calls/s", "errors", "p50 µs",
                "p99 µs", "p99.9 µs", "CPU srv", "CPU cli", "server heap", "client heap");
        List<Reading> readings = new ArrayList<>();
        try (Children.Child server = children.start(row.name() + "-soak-server", ServerMain.class,
                List.of("--target", row.name()))) {
            Map<String, String> ready = CellResult.fields(
                    Comparison.expect(server.next(Duration.ofSeconds(90)), Wire.READY, server).body());
            try (Children.Child client = children.start(row.name() + "-soak-client", ClientMain.class,
                    List.of("--target", row.name(), "--port", ready.get("port"), "--server-pid", ready.get("pid"),
                            "--soak", Durations.format(options.soak()),
                            "--interval", Durations.format(options.soakInterval())))) {
                Duration silence = options.soakInterval().plus(Duration.ofSeconds(60));
                while (true) {
                    Wire.Message message = client.next(silence);
                    if (message.kind().equals(Wire.DONE)) {
                        break;
                    }
                    if (message.kind().equals(Wire.FAILED)) {
                        throw new IOException("client: " + message.body());
                    }
                    Map<String, String> fields = CellResult.fields(message.body());
                    server.send(Wire.CMD_HEAP);
                    Map<String, String> heap = CellResult.fields(
                            Comparison.expect(server.next(Duration.ofSeconds(60)), Wire.HEAP, server).body());
                    Reading reading = new Reading(Integer.parseInt(fields.get("index")),
                            CellResult.parse(message.body()), Long.parseLong(fields.get("clientHeap")),
                            Long.parseLong(heap.get("used")));
                    readings.add(reading);
                    out.println(line(reading));
                }
            }
        }
        return summarize(readings);
    }

    private static String line(Reading r) {
        CellResult c = r.cell();
        return String.format(Locale.ROOT, "%5d %,12.0f %8d %9.1f %9.1f %9.1f %7.1f%% %7.1f%% %11.1f MiB %10.1f MiB",
                r.index(), c.throughput(), c.errors(), c.p50Micros(), c.p99Micros(), c.p999Micros(), c.serverCpu(),
                c.clientCpu(), mib(r.serverHeap()), mib(r.clientHeap()));
    }

    private boolean summarize(List<Reading> readings) {
        long calls = readings.stream().mapToLong(r -> r.cell().calls()).sum();
        long errors = readings.stream().mapToLong(r -> r.cell().errors()).sum();
        boolean serverFlat = flat(readings.stream().map(Reading::serverHeap).toList());
        boolean clientFlat = flat(readings.stream().map(Reading::clientHeap).toList());
        out.printf("%nSoak: %,d calls, %d errors; heap after GC %s on the server, %s on the client "
                        + "(flat: last within %d %% + %d MiB of the lowest before it)%n", calls, errors,
                serverFlat ? "flat" : "GROWING", clientFlat ? "flat" : "GROWING", GROWTH_PERCENT, GROWTH_SLACK_MIB);
        boolean pass = !readings.isEmpty() && errors == 0 && serverFlat && clientFlat;
        out.println(pass ? "PASS  soak: zero errors, heap flat" : "FAIL  soak");
        return pass;
    }

    /** Whether the last reading is within the allowed growth of the lowest reading before it. */
    static boolean flat(List<Long> heapAfterGc) {
        if (heapAfterGc.size() < 2) {
            return true;
        }
        long last = heapAfterGc.get(heapAfterGc.size() - 1);
        long lowest = heapAfterGc.subList(0, heapAfterGc.size() - 1).stream().mapToLong(Long::longValue).min()
                .orElseThrow();
        return last <= lowest + lowest * GROWTH_PERCENT / 100 + GROWTH_SLACK_MIB * 1024L * 1024L;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
