package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The comparison's table: per payload and number in flight, every row's throughput (with its spread over the
 * rounds when repeated), latency percentiles, CPU, and the work per call on each side (bytes allocated and CPU
 * µs per call, client and server), each SeedRPC row's throughput as a ratio to every peer and to the raw
 * ceilings, then one PASS/MISS line per target of issues 7 and 15 and payload. With several rounds every figure
 * is the median of its rounds.
 */
final class Report {

    private final Outcomes outcomes;
    private final List<Payload> payloads;
    private final List<Integer> inFlight;
    private final int rounds;

    Report(List<Comparison.RowOutcome> outcomes, List<Payload> payloads, List<Integer> inFlight, int rounds) {
        this.outcomes = new Outcomes(outcomes);
        this.payloads = payloads;
        this.inFlight = inFlight;
        this.rounds = rounds;
    }

    void print(PrintStream out) {
        List<String> baselines = outcomes.rows().stream()
                .filter(o -> o.target().kind() != Target.Kind.SEEDRPC && !o.cells().isEmpty())
                .map(o -> o.target().name()).toList();
        if (rounds > 1) {
            out.printf("%nMedians of %d rounds (rows run in turn); \"min-max\" is the spread of calls/s over the "
                    + "rounds.%n", rounds);
        }
        for (Payload payload : payloads) {
            out.printf("%n== %s (%s); CPU in %% of one core, this machine has %d; per call: bytes allocated and "
                            + "CPU µs of each JVM ==%n", payload.id(), payload.description(),
                    Runtime.getRuntime().availableProcessors());
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%9s  %-23s %12s", "in flight",
                    "row", "calls/s"));
            if (rounds > 1) {
                header.append(String.format(Locale.ROOT, " %19s", "min-max"));
            }
            header.append(String.format(Locale.ROOT, " %9s %9s %9s %8s %8s %7s %10s %10s %11s %11s", "p50 µs",
                    "p99 µs", "p99.9 µs", "CPU srv", "CPU cli", "errors", "B/call cli", "B/call srv", "µs/call cli",
                    "µs/call srv"));
            for (String baseline : baselines) {
                header.append(String.format(Locale.ROOT, " %17s", "x " + baseline));
            }
            out.println(header);
            for (int n : inFlight) {
                for (Comparison.RowOutcome outcome : outcomes.rows()) {
                    out.println(row(outcome, payload, n, baselines));
                }
            }
        }
        List<Comparison.RowOutcome> failed = outcomes.rows().stream().filter(o -> o.failure() != null).toList();
        if (!failed.isEmpty()) {
            out.println();
            failed.forEach(o -> out.printf("FAILED %s: %s%n", o.target().name(), o.failure()));
        }
        Goals goals = new Goals(outcomes, payloads, inFlight);
        out.printf("%nTargets (issue 7):%n");
        goals.judge(Goals.ISSUE_7).forEach(j -> out.println(j.line()));
        out.printf("%nTargets (issue 15)%s:%n", rounds > 1 ? ", on the medians of " + rounds + " rounds" : "");
        goals.judge(Goals.ISSUE_15).forEach(j -> out.println(j.line()));
        goals.allocationReported().forEach(out::println);
    }

    private String row(Comparison.RowOutcome outcome, Payload payload, int n, List<String> baselines) {
        String name = outcome.target().name();
        Optional<CellStats> found = outcomes.cell(name, payload, n);
        if (found.isEmpty()) {
            return String.format(Locale.ROOT, "%9d  %-23s %12s", n, name,
                    outcome.failure() != null ? "failed" : "not run");
        }
        CellStats cell = found.get();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%9d  %-23s %,12.0f", n, name,
                cell.throughput()));
        if (rounds > 1) {
            line.append(String.format(Locale.ROOT, " %19s", String.format(Locale.ROOT, "%,.0f-%,.0f",
                    cell.minThroughput(), cell.maxThroughput())));
        }
        line.append(String.format(Locale.ROOT, " %9.1f %9.1f %9.1f %7.1f%% %7.1f%% %7d %10s %10s %11s %11s",
                cell.p50Micros(), cell.p99Micros(), cell.p999Micros(), cell.serverCpu(), cell.clientCpu(),
                cell.errors(), known("%,.0f", cell.clientBytesPerCall()), known("%,.0f", cell.serverBytesPerCall()),
                known("%.2f", cell.clientMicrosPerCall()), known("%.2f", cell.serverMicrosPerCall())));
        for (String baseline : baselines) {
            Optional<CellStats> other = outcomes.cell(baseline, payload, n);
            String ratio = outcome.target().kind() == Target.Kind.SEEDRPC && other.isPresent()
                    && other.get().throughput() > 0
                    ? String.format(Locale.ROOT, "%.2f", cell.throughput() / other.get().throughput()) : "";
            line.append(String.format(Locale.ROOT, " %17s", ratio));
        }
        return line.toString();
    }

    /** The value, or {@code ?} when it is unknown. */
    private static String known(String format, double value) {
        return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, format, value);
    }
}
