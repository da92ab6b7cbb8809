package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the rows one after another: for each, a server JVM, then a client JVM that measures every cell against
 * it. A row that fails is reported as failed and the others still run.
 */
final class Comparison {

    /** How long a server may take to start (Dubbo's first start takes a few seconds). */
    private static final Duration SERVER_START = Duration.ofSeconds(90);
    /** Slack per cell on top of its warm-up and window: connecting, stopping the callers. */
    private static final Duration CELL_SLACK = Duration.ofSeconds(60);

    private final Options options;
    private final Children children;
    private final PrintStream out;

    Comparison(Options options, Children children, PrintStream out) {
        this.options = options;
        this.children = children;
        this.out = out;
    }

    /** The outcome of one row: its cells, or why it could not be measured. */
    record RowOutcome(Target target, List<CellResult> cells, String failure) {
    }

    List<RowOutcome> run(List<Target> rows) throws InterruptedException {
        List<RowOutcome> outcomes = new ArrayList<>();
        for (Target row : rows) {
            out.printf("%n[%s] %s%n", row.name(), row.description());
            List<CellResult> cells = new ArrayList<>();
            String failure = null;
            try {
                measure(row, cells);
            } catch (IOException | RuntimeException e) {
                failure = e.getMessage();
                out.printf("[%s] FAILED: %s%n", row.name(), failure);
            }
            outcomes.add(new RowOutcome(row, List.copyOf(cells), failure));
        }
        return outcomes;
    }

    private void measure(Target row, List<CellResult> cells) throws IOException, InterruptedException {
        try (Children.Child server = children.start(row.name() + "-server", ServerMain.class,
                List.of("--target", row.name()))) {
            Wire.Message ready = expect(server.next(SERVER_START), Wire.READY, server);
            var fields = CellResult.fields(ready.body());
            List<String> clientArgs = List.of("--target", row.name(), "--port", fields.get("port"),
                    "--server-pid", fields.get("pid"),
                    "--payloads", String.join(",", options.payloads().stream().map(Payload::id).toList()),
                    "--in-flight", String.join(",", options.inFlight().stream().map(String::valueOf).toList()),
                    "--row-warmup", Durations.format(options.rowWarmup()),
                    "--warmup", Durations.format(options.warmup()),
                    "--window", Durations.format(options.window()));
            try (Children.Child client = children.start(row.name() + "-client", ClientMain.class, clientArgs)) {
                // The first cell also waits for the row warm-up of every payload.
                Duration first = options.rowWarmup().multipliedBy(options.payloads().size());
                Duration perCell = options.warmup().plus(options.window()).plus(CELL_SLACK);
                boolean firstCell = true;
                while (true) {
                    Wire.Message message = client.next(firstCell ? first.plus(perCell) : perCell);
                    firstCell = false;
                    switch (message.kind()) {
                        case Wire.RESULT -> {
                            CellResult cell = CellResult.parse(message.body());
                            cells.add(cell);
                            out.println(progressLine(cell));
                        }
                        case Wire.DONE -> {
                            return;
                        }
                        case Wire.FAILED -> throw new IOException("client: " + message.body());
                        default -> throw new IOException("unexpected message from the client: " + message);
                    }
                }
            }
        }
    }

    static Wire.Message expect(Wire.Message message, String kind, Children.Child from) throws IOException {
        if (message.kind().equals(kind)) {
            return message;
        }
        if (message.kind().equals(Wire.FAILED)) {
            throw new IOException("server: " + message.body());
        }
        throw new IOException("expected " + kind + " from " + from.pid() + ", got " + message);
    }

    private static String progressLine(CellResult cell) {
        return String.format(Locale.ROOT, "  %-7s %4d in flight  %,10.0f calls/s  p50 %8.1f  p99 %8.1f  "
                        + "p99.9 %8.1f µs  CPU server %5.1f%% client %5.1f%%%s",
                cell.payload(), cell.inFlight(), cell.throughput(), cell.p50Micros(), cell.p99Micros(),
                cell.p999Micros(), cell.serverCpu(), cell.clientCpu(),
                cell.errors() > 0 ? "  ERRORS " + cell.errors() : "");
    }
}
