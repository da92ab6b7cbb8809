package io.seedrpc.benchmark;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The runner: {@code java -jar rpc-benchmark/target/rpc-benchmark.jar [--quick] [--soak 10m] ...}. Compares every
 * row (see {@link Options#USAGE}) and prints the table, or soaks seedrpc-kryo. Every server and client runs in a
 * JVM of its own, started here with this JVM's class path and stopped before this one exits, Ctrl-C included.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] argv) throws Exception {
        PrintStream out = System.out;
        Targets targets = Targets.load();
        Options options;
        try {
            options = Options.parse(argv, defaultLogs());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        if (options.help()) {
            out.printf(Options.USAGE, targets.all().stream().map(Target::name).toList(), Options.DEFAULT_JVM_ARGS);
            return;
        }
        Children children = new Children(options.jvmArgs(), options.logs());
        Thread stopChildren = new Thread(children::close, "benchmark-stop-children");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        int status;
        try {
            out.println(Machine.describe());
            out.printf("Started %s UTC, %s%n", clock(), Machine.load());
            out.printf("Child JVM options: %s; logs in %s%n", String.join(" ", options.jvmArgs()), options.logs());
            if (options.soak() != null) {
                status = new Soak(options, children, out).run(targets.get("seedrpc-kryo")) ? 0 : 1;
            } else {
                List<Target> rows = targets.select(options.rows());
                out.printf(Locale.ROOT, "Rows: %s%s%nPayloads: %s; in flight: %s; row warm-up %s per payload; "
                                + "warm-up %s, window %s per cell (about %d min without JVM start-up)%n",
                        rows.stream().map(Target::name).toList(),
                        options.repeat() > 1 ? ", " + options.repeat() + " rounds in turn" : "",
                        options.payloads().stream().map(p -> p.id()).toList(), options.inFlight(),
                        Durations.format(options.rowWarmup()),
                        Durations.format(options.warmup()), Durations.format(options.window()),
                        Math.max(1, options.estimate(rows.size()).toMinutes()));
                List<Comparison.RowOutcome> outcomes = new Comparison(options, children, out).run(rows);
                out.printf("%nFinished %s UTC, %s%n", clock(), Machine.load());
                new Report(outcomes, options.payloads(), options.inFlight(), options.repeat()).print(out);
                status = outcomes.stream().anyMatch(o -> o.failure() != null) ? 2 : 0;
            }
        } finally {
            children.close();
        }
        System.exit(status);
    }

    private static String clock() {
        return java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0).toString();
    }

    /** {@code bench-logs} beside the jar (so {@code rpc-benchmark/target/bench-logs}), else in the working directory. */
    private static Path defaultLogs() {
        try {
            // The jar, or target/classes when run from the IDE: either way its parent is target/.
            Path code = Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().resolve("bench-logs");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("bench-logs");
        }
    }
}
