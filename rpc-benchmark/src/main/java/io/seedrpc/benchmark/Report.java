package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The comparison's table: per payload and number in flight, every row's throughput, latency percentiles and CPU,
 * each SeedRPC row's throughput as a ratio to every peer and to the raw ceiling, then one PASS/MISS line per
 * target of issue 7 and payload.
 */
final class Report {

    /** The targets of issue 7. */
    static final List<Goal> GOALS = List.of(
            new Goal("seedrpc-kryo", "dubbo", 128, Metric.THROUGHPUT, 2.0),
            new Goal("seedrpc-kryo", "grpc-default", 128, Metric.THROUGHPUT, 3.0),
            new Goal("seedrpc-kryo-direct", "grpc-direct", 128, Metric.THROUGHPUT, 1.0),
            new Goal("seedrpc-kryo-direct", "raw-netty", 128, Metric.THROUGHPUT, 0.8),
            new Goal("seedrpc-kryo-direct", "raw-netty", 1, Metric.P50, 1.3));

    private final List<Comparison.RowOutcome> outcomes;
    private final List<Payload> payloads;
    private final List<Integer> inFlight;

    Report(List<Comparison.RowOutcome> outcomes, List<Payload> payloads, List<Integer> inFlight) {
        this.outcomes = outcomes;
        this.payloads = payloads;
        this.inFlight = inFlight;
    }

    enum Metric { THROUGHPUT, P50 }

    /**
     * One target: {@code ours} at {@code inFlight} must reach {@code factor} × {@code theirs} calls/s
     * ({@link Metric#THROUGHPUT}) or stay within {@code factor} × their median latency ({@link Metric#P50}).
     */
    record Goal(String ours, String theirs, int inFlight, Metric metric, double factor) {

        String describe() {
            return metric == Metric.THROUGHPUT
                    ? String.format(Locale.ROOT, "%s calls/s >= %.1f x %s", ours, factor, theirs)
                    : String.format(Locale.ROOT, "%s p50 <= %.1f x %s p50", ours, factor, theirs);
        }
    }

    /** A target judged on one payload; {@code verdict} is PASS, MISS or SKIP. */
    record Judgement(Goal goal, Payload payload, String verdict, String detail) {

        String line() {
            return String.format(Locale.ROOT, "%-4s  %-6s %3d in flight: %s: %s", verdict, payload.id(),
                    goal.inFlight(), goal.describe(), detail);
        }
    }

    void print(PrintStream out) {
        List<String> baselines = outcomes.stream()
                .filter(o -> o.target().kind() != Target.Kind.SEEDRPC && !o.cells().isEmpty())
                .map(o -> o.target().name()).toList();
        for (Payload payload : payloads) {
            out.printf("%n== %s (%s); CPU in %% of one core, this machine has %d ==%n", payload.id(),
                    payload.description(), Runtime.getRuntime().availableProcessors());
            StringBuilder header = new StringBuilder(String.format(Locale.ROOT,
                    "%9s  %-20s %12s %9s %9s %9s %8s %8s %7s", "in flight", "row", "calls/s", "p50 µs", "p99 µs",
                    "p99.9 µs", "CPU srv", "CPU cli", "errors"));
            for (String baseline : baselines) {
                header.append(String.format(Locale.ROOT, " %14s", "x " + baseline));
            }
            out.println(header);
            for (int n : inFlight) {
                for (Comparison.RowOutcome outcome : outcomes) {
                    out.println(row(outcome, payload, n, baselines));
                }
            }
        }
        List<Comparison.RowOutcome> failed = outcomes.stream().filter(o -> o.failure() != null).toList();
        if (!failed.isEmpty()) {
            out.println();
            failed.forEach(o -> out.printf("FAILED %s: %s%n", o.target().name(), o.failure()));
        }
        out.printf("%nTargets (issue 7):%n");
        judge().forEach(j -> out.println(j.line()));
    }

    private String row(Comparison.RowOutcome outcome, Payload payload, int n, List<String> baselines) {
        String name = outcome.target().name();
        Optional<CellResult> found = cell(name, payload, n);
        if (found.isEmpty()) {
            return String.format(Locale.ROOT, "%9d  %-20s %12s", n, name,
                    outcome.failure() != null ? "failed" : "not run");
        }
        CellResult cell = found.get();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%9d  %-20s %,12.0f %9.1f %9.1f %9.1f %7.1f%% %7.1f%% %7d", n, name, cell.throughput(),
                cell.p50Micros(), cell.p99Micros(), cell.p999Micros(), cell.serverCpu(), cell.clientCpu(),
                cell.errors()));
        for (String baseline : baselines) {
            Optional<CellResult> other = cell(baseline, payload, n);
            String ratio = outcome.target().kind() == Target.Kind.SEEDRPC && other.isPresent()
                    && other.get().throughput() > 0
                    ? String.format(Locale.ROOT, "%.2f", cell.throughput() / other.get().throughput()) : "";
            line.append(String.format(Locale.ROOT, " %14s", ratio));
        }
        return line.toString();
    }

    /** Every target judged on every payload. */
    List<Judgement> judge() {
        List<Judgement> judgements = new ArrayList<>();
        for (Payload payload : payloads) {
            for (Goal goal : GOALS) {
                judgements.add(judge(goal, payload));
            }
        }
        return judgements;
    }

    private Judgement judge(Goal goal, Payload payload) {
        Optional<CellResult> ours = cell(goal.ours(), payload, goal.inFlight());
        Optional<CellResult> theirs = cell(goal.theirs(), payload, goal.inFlight());
        if (ours.isEmpty() || theirs.isEmpty()) {
            return new Judgement(goal, payload, "SKIP", "not measured ("
                    + (ours.isEmpty() ? goal.ours() : goal.theirs()) + " at " + goal.inFlight() + " in flight)");
        }
        String errors = ours.get().errors() + theirs.get().errors() > 0 ? " [calls failed in the window]" : "";
        if (goal.metric() == Metric.THROUGHPUT) {
            double a = ours.get().throughput();
            double b = theirs.get().throughput();
            boolean pass = a >= goal.factor() * b && ours.get().errors() == 0;
            return new Judgement(goal, payload, pass ? "PASS" : "MISS", String.format(Locale.ROOT,
                    "%,.0f vs %,.0f calls/s (%.2fx)%s", a, b, b > 0 ? a / b : Double.NaN, errors));
        }
        double a = ours.get().p50Micros();
        double b = theirs.get().p50Micros();
        boolean pass = a <= goal.factor() * b && ours.get().errors() == 0;
        return new Judgement(goal, payload, pass ? "PASS" : "MISS", String.format(Locale.ROOT,
                "%.1f vs %.1f µs (%.2fx)%s", a, b, b > 0 ? a / b : Double.NaN, errors));
    }

    private Optional<CellResult> cell(String row, Payload payload, int n) {
        return outcomes.stream().filter(o -> o.target().name().equals(row))
                .flatMap(o -> o.cells().stream())
                .filter(c -> c.payload().equals(payload.id()) && c.inFlight() == n)
                .findFirst();
    }
}
