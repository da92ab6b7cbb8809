package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the rows one after another: for each, a server JVM, then a client JVM that measures every cell against
 * it. With {@code --repeat N} the rows are run N times in turn (A, B, A, B, …), so that what drifts on the machine
 * during a sitting falls on every row alike. A row that fails is reported as failed and the others still run.
 */
final class Comparison {

    /** How long a server may take to start (Dubbo's first start takes a few seconds). */
    private static final Duration SERVER_START = Duration.ofSeconds(90);
    /** Slack per cell on top of its warm-up and window: connecting, stopping the callers. */
    private static final Duration CELL_SLACK = Duration.ofSeconds(60);
    /** How long the server may take to answer the runner's allocation reading. */
    private static final Duration SERVER_REPLY = Duration.ofSeconds(30);

    private final int rounds;
    private final RowRun run;
    private final PrintStream out;

    Comparison(Options options, Children children, PrintStream out) {
        this(options.repeat(), (row, round, cells) -> measure(options, children, row, round, cells), out);
    }

    /** @param run measures one row once; the JVMs in production, a stand-in in the harness's tests */
    Comparison(int rounds, RowRun run, PrintStream out) {
        this.rounds = rounds;
        this.run = run;
        this.out = out;
    }

    /** Measures one row once, handing over each cell as it is measured. */
    @FunctionalInterface
    interface RowRun {

        /**
         * @param round 1 to the number of rounds
         * @return the transport the row's server reported (see {@link Target#transport()})
         */
        String measure(Target row, int round, Consumer<CellResult> cells) throws IOException, InterruptedException;
    }

    /**
     * The outcome of one row: its cells of every round (several per payload and number in flight when repeated),
     * the transport it ran on, or why it could not be measured (in some round).
     */
    record RowOutcome(Target target, String transport, List<CellResult> cells, String failure) {
    }

    List<RowOutcome> run(List<Target> rows) throws InterruptedException {
        Map<String, List<CellResult>> cells = new LinkedHashMap<>();
        Map<String, String> transports = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Target row : rows) {
                out.printf("%n[%s] %s%s%n", row.name(), row.description(),
                        rounds > 1 ? String.format(Locale.ROOT, " (round %d of %d)", round, rounds) : "");
                List<CellResult> measured = cells.computeIfAbsent(row.name(), name -> new ArrayList<>());
                try {
                    transports.put(row.name(), run.measure(row, round, cell -> {
                        measured.add(cell);
                        out.println(progressLine(cell));
                    }));
                } catch (IOException | RuntimeException e) {
                    String failure = rounds > 1 ? "round " + round + ": " + e.getMessage() : e.getMessage();
                    failures.putIfAbsent(row.name(), failure);
                    out.printf("[%s] FAILED: %s%n", row.name(), failure);
                }
            }
        }
        List<RowOutcome> outcomes = new ArrayList<>();
        for (Target row : rows) {
            outcomes.add(new RowOutcome(row, transports.getOrDefault(row.name(), ""),
                    List.copyOf(cells.get(row.name())), failures.get(row.name())));
        }
        return outcomes;
    }

    private static String measure(Options options, Children children, Target row, int round,
                                  Consumer<CellResult> cells) throws IOException, InterruptedException {
        String suffix = options.repeat() > 1 ? "-r" + round : "";
        try (Children.Child server = children.start(row.name() + "-server" + suffix, ServerMain.class,
                List.of("--target", row.name()), row.jvmArgs())) {
            Wire.Message ready = expect(server.next(SERVER_START), Wire.READY, server);
            var fields = CellResult.fields(ready.body());
            List<String> clientArgs = List.of("--target", row.name(), "--port", fields.get("port"),
                    "--server-pid", fields.get("pid"),
                    "--payloads", String.join(",", options.payloads().stream().map(Payload::id).toList()),
                    "--in-flight", String.join(",", options.inFlight().stream().map(String::valueOf).toList()),
                    "--row-warmup", Durations.format(options.rowWarmup()),
                    "--warmup", Durations.format(options.warmup()),
                    "--window", Durations.format(options.window()));
            try (Children.Child client = children.start(row.name() + "-client" + suffix, ClientMain.class,
                    clientArgs, row.jvmArgs())) {
                // The first cell also waits for the row warm-up of every payload.
                Duration first = options.rowWarmup().multipliedBy(options.payloads().size());
                Duration perCell = options.warmup().plus(options.window()).plus(CELL_SLACK);
                boolean firstCell = true;
                long serverBytes = -1;
                while (true) {
                    Wire.Message message = client.next(firstCell ? first.plus(perCell) : perCell);
                    switch (message.kind()) {
                        case Wire.MARK -> {
                            if (message.body().equals("open")) {
                                server.send(Wire.CMD_ALLOC_OPEN);
                            } else {
                                server.send(Wire.CMD_ALLOC_CLOSE);
                                serverBytes = Long.parseLong(CellResult.fields(
                                        expect(server.next(SERVER_REPLY), Wire.ALLOC, server).body()).get("bytes"));
                            }
                        }
                        case Wire.RESULT -> {
                            firstCell = false;
                            cells.accept(CellResult.parse(message.body()).withServerBytes(serverBytes));
                            serverBytes = -1;
                        }
                        case Wire.DONE -> {
                            return fields.getOrDefault("transport", "");
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
                        + "p99.9 %8.1f µs  CPU server %5.1f%% client %5.1f%%  B/call %,6.0f + %,6.0f%s",
                cell.payload(), cell.inFlight(), cell.throughput(), cell.p50Micros(), cell.p99Micros(),
                cell.p999Micros(), cell.serverCpu(), cell.clientCpu(), cell.clientBytesPerCall(),
                cell.serverBytesPerCall(), cell.errors() > 0 ? "  ERRORS " + cell.errors() : "");
    }
}
