package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The targets of issues 7 and 15, each judged on every payload from the cells' medians (with one round, the cells
 * themselves). A target misses also when the SeedRPC row had failed calls in the window.
 */
final class Goals {

    /** Stands for the raw ceiling on the transport {@code ours} ran on: raw-netty on NIO, raw-netty-epoll on epoll. */
    static final String SAME_TRANSPORT_CEILING = "raw ceiling on the same transport";
    /** A goal's number in flight meaning "each number in flight measured". */
    static final int EVERY_IN_FLIGHT = 0;

    /** The targets of issue 7. */
    static final List<Goal> ISSUE_7 = List.of(
            new Goal("seedrpc-kryo", "dubbo", 128, Metric.THROUGHPUT, 2.0),
            new Goal("seedrpc-kryo", "grpc-default", 128, Metric.THROUGHPUT, 3.0),
            new Goal("seedrpc-kryo-direct", "grpc-direct", 128, Metric.THROUGHPUT, 1.0),
            new Goal("seedrpc-kryo-direct", "raw-netty", 128, Metric.THROUGHPUT, 0.8),
            new Goal("seedrpc-kryo-direct", "raw-netty", 1, Metric.P50, 1.3));

    /** The per-call targets of issue 15 (allocation is judged apart, by {@link #allocationReported}). */
    static final List<Goal> ISSUE_15 = List.of(
            new Goal("seedrpc-kryo-direct", SAME_TRANSPORT_CEILING, 128, Metric.THROUGHPUT, 0.8),
            new Goal("seedrpc-kryo", SAME_TRANSPORT_CEILING, 128, Metric.THROUGHPUT, 0.7),
            new Goal("seedrpc-spring", "seedrpc-kryo", EVERY_IN_FLIGHT, Metric.THROUGHPUT, 0.95),
            new Goal("seedrpc-json", "seedrpc-kryo", 128, Metric.THROUGHPUT, 0.7),
            new Goal("seedrpc-kryo", SAME_TRANSPORT_CEILING, 1, Metric.P50, 1.2),
            new Goal("seedrpc-kryo-direct", SAME_TRANSPORT_CEILING, 1, Metric.P50, 1.05));

    private final Outcomes outcomes;
    private final List<Payload> payloads;
    private final List<Integer> inFlight;

    Goals(Outcomes outcomes, List<Payload> payloads, List<Integer> inFlight) {
        this.outcomes = outcomes;
        this.payloads = payloads;
        this.inFlight = inFlight;
    }

    enum Metric { THROUGHPUT, P50 }

    /**
     * One target: {@code ours} at {@code inFlight} must reach {@code factor} × {@code theirs} calls/s
     * ({@link Metric#THROUGHPUT}) or stay within {@code factor} × their median latency ({@link Metric#P50}).
     *
     * @param theirs   a row, or {@link #SAME_TRANSPORT_CEILING}
     * @param inFlight a number in flight, or {@link #EVERY_IN_FLIGHT}
     */
    record Goal(String ours, String theirs, int inFlight, Metric metric, double factor) {

        String describe(String against) {
            return metric == Metric.THROUGHPUT
                    ? String.format(Locale.ROOT, "%s calls/s >= %s x %s", ours, factorText(), against)
                    : String.format(Locale.ROOT, "%s p50 <= %s x %s p50", ours, factorText(), against);
        }

        /** 0.8 as {@code 0.8}, 0.95 as {@code 0.95}, 2 as {@code 2.0}. */
        private String factorText() {
            double tenths = factor * 10;
            return String.format(Locale.ROOT, Math.abs(tenths - Math.rint(tenths)) < 1e-9 ? "%.1f" : "%.2f", factor);
        }
    }

    /** A target judged on one payload and number in flight; {@code verdict} is PASS, MISS or SKIP. */
    record Judgement(Goal goal, Payload payload, int inFlight, String against, String verdict, String detail) {

        String line() {
            return String.format(Locale.ROOT, "%-4s  %-6s %3d in flight: %s: %s", verdict, payload.id(), inFlight,
                    goal.describe(against), detail);
        }
    }

    /** Every goal judged on every payload (and, for {@link #EVERY_IN_FLIGHT}, at every number in flight). */
    List<Judgement> judge(List<Goal> goals) {
        List<Judgement> judgements = new ArrayList<>();
        for (Payload payload : payloads) {
            for (Goal goal : goals) {
                List<Integer> at = goal.inFlight() == EVERY_IN_FLIGHT ? inFlight : List.of(goal.inFlight());
                for (int n : at) {
                    judgements.add(judge(goal, payload, n));
                }
            }
        }
        return judgements;
    }

    private Judgement judge(Goal goal, Payload payload, int n) {
        String against = goal.theirs();
        if (against.equals(SAME_TRANSPORT_CEILING)) {
            String transport = outcomes.transport(goal.ours());
            Optional<String> ceiling = outcomes.ceilingOn(transport);
            if (ceiling.isEmpty()) {
                return new Judgement(goal, payload, n, against, "SKIP", transport.isEmpty()
                        ? "not measured (" + goal.ours() + ")"
                        : "not measured (no raw ceiling on " + transport + ", which " + goal.ours() + " ran on)");
            }
            against = ceiling.get();
        }
        Optional<CellStats> ours = outcomes.cell(goal.ours(), payload, n);
        Optional<CellStats> theirs = outcomes.cell(against, payload, n);
        if (ours.isEmpty() || theirs.isEmpty()) {
            return new Judgement(goal, payload, n, against, "SKIP", "not measured ("
                    + (ours.isEmpty() ? goal.ours() : against) + " at " + n + " in flight)");
        }
        CellStats a = ours.get();
        CellStats b = theirs.get();
        String errors = a.errors() + b.errors() > 0 ? " [calls failed in the window]" : "";
        boolean throughput = goal.metric() == Metric.THROUGHPUT;
        double x = throughput ? a.throughput() : a.p50Micros();
        double y = throughput ? b.throughput() : b.p50Micros();
        boolean pass = (throughput ? x >= goal.factor() * y : x <= goal.factor() * y) && a.errors() == 0;
        String detail = throughput
                ? String.format(Locale.ROOT, "%s vs %s calls/s (%.2fx)", figure(a.rounds(), "%,.0f", x,
                        a.minThroughput(), a.maxThroughput()), figure(b.rounds(), "%,.0f", y, b.minThroughput(),
                        b.maxThroughput()), y > 0 ? x / y : Double.NaN)
                : String.format(Locale.ROOT, "%s vs %s µs (%.2fx)", figure(a.rounds(), "%.1f", x, a.minP50Micros(),
                        a.maxP50Micros()), figure(b.rounds(), "%.1f", y, b.minP50Micros(), b.maxP50Micros()),
                        y > 0 ? x / y : Double.NaN);
        return new Judgement(goal, payload, n, against, pass ? "PASS" : "MISS", detail + errors);
    }

    /** {@code value}, and with several rounds "median value (min-max)". */
    private static String figure(int rounds, String format, double median, double min, double max) {
        String value = String.format(Locale.ROOT, format, median);
        return rounds == 1 ? value : String.format(Locale.ROOT, "median %s (" + format + "-" + format
                + ", %d rounds)", value, min, max, rounds);
    }

    /**
     * Issue 15's "allocation per call reported", per payload: PASS when every SeedRPC row that ran has bytes per
     * call for its client and its server in every cell; the detail gives seedrpc-kryo's at 128 in flight.
     */
    List<String> allocationReported() {
        List<String> lines = new ArrayList<>();
        List<Comparison.RowOutcome> ours = outcomes.rows().stream()
                .filter(o -> o.target().kind() == Target.Kind.SEEDRPC && !o.cells().isEmpty()).toList();
        for (Payload payload : payloads) {
            if (ours.isEmpty()) {
                lines.add(String.format(Locale.ROOT, "SKIP  %-6s allocation per call: no SeedRPC row ran", payload.id()));
                continue;
            }
            List<String> missing = new ArrayList<>();
            for (Comparison.RowOutcome row : ours) {
                for (int n : inFlight) {
                    outcomes.cell(row.target().name(), payload, n)
                            .filter(c -> Double.isNaN(c.clientBytesPerCall()) || Double.isNaN(c.serverBytesPerCall()))
                            .ifPresent(c -> missing.add(row.target().name() + " at " + n));
                }
            }
            String kryo = outcomes.cell("seedrpc-kryo", payload, 128)
                    .map(c -> String.format(Locale.ROOT, " (seedrpc-kryo at 128 in flight: %,.0f B/call client, "
                            + "%,.0f B/call server)", c.clientBytesPerCall(), c.serverBytesPerCall())).orElse("");
            lines.add(missing.isEmpty()
                    ? String.format(Locale.ROOT, "PASS  %-6s allocation per call reported for every SeedRPC row%s",
                            payload.id(), kryo)
                    : String.format(Locale.ROOT, "MISS  %-6s allocation per call unknown for %s", payload.id(),
                            String.join(", ", missing)));
        }
        return lines;
    }
}
