package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runner's settings.
 *
 * @param rows         rows to run, by name; empty for all
 * @param payloads     payloads to echo
 * @param inFlight     numbers of callers, each with one call in flight
 * @param rowWarmup    how long each payload runs (16 in flight) when a client JVM starts, before any cell
 * @param warmup       how long each cell runs before its window
 * @param window       how long each cell is measured
 * @param jvmArgs      options for every server and client JVM
 * @param soak         when set, soak for this long instead of comparing
 * @param soakInterval how often the soak reports
 * @param logs         where each child JVM's output goes
 * @param repeat       rounds: every chosen row is run this many times in turn (A, B, A, B, …) and each cell is
 *                     shown as the median of its rounds with their spread
 * @param help         print usage and exit
 */
record Options(List<String> rows, List<Payload> payloads, List<Integer> inFlight, Duration rowWarmup,
               Duration warmup, Duration window,
               List<String> jvmArgs, Duration soak, Duration soakInterval, Path logs, int repeat, boolean help) {

    static final Duration DEFAULT_ROW_WARMUP = Duration.ofSeconds(10);
    static final Duration DEFAULT_WARMUP = Duration.ofSeconds(5);
    static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    static final Duration QUICK_ROW_WARMUP = Duration.ofSeconds(3);
    static final Duration QUICK_WARMUP = Duration.ofSeconds(1);
    static final Duration QUICK_WINDOW = Duration.ofSeconds(2);
    static final String DEFAULT_JVM_ARGS = "-Xms1g -Xmx1g";

    static final String USAGE = """
            Usage: java -jar rpc-benchmark/target/rpc-benchmark.jar [options]

            Runs every row (server and client in JVMs of their own) for every payload and number of calls in
            flight, then prints the table, the ratios of each SeedRPC row to its peers, and PASS/MISS per target.

              --quick               row warm-up 3s, warm-up 1s and window 2s per cell (unless given below)
              --row-warmup D        warm-up per payload when a client JVM starts, before its first cell, so
                                    that the JIT has compiled the framework's path (default 10s)
              --warmup D            warm-up per cell before the window (default 5s)
              --window D            measured window per cell (default 10s)
              --rows a,b,...        only these rows (default all): %s
              --payloads a,b        string,object (default both)
              --in-flight n,m,...   callers with one call in flight each (default 1,16,128,512)
              --jvm-args "..."      options for every child JVM (default "%s")
              --repeat N            run the chosen rows N times in turn (A,B,A,B,...), each round in fresh
                                    JVMs; every cell is then the median of its N rounds, with the spread
                                    (min-max) of calls/s, and the targets judge the medians (default 1)
              --soak D              soak instead: 128 in flight against seedrpc-kryo for D (e.g. 10m),
                                    heap after GC of both JVMs every --soak-interval (default 1m)
              --logs DIR            where child JVM output goes (default: bench-logs next to the jar)
              --help                this text

            D is a duration: 500ms, 10s, 10m, 1h.
            """;

    /**
     * @throws IllegalArgumentException saying which option is wrong and why
     */
    static Options parse(String[] argv, Path defaultLogs) {
        Map<String, String> args = Args.parse(argv, Set.of("quick", "help"));
        Set<String> known = Set.of("quick", "help", "row-warmup", "warmup", "window", "rows", "payloads", "in-flight",
                "jvm-args", "soak", "soak-interval", "logs", "repeat");
        for (String name : args.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; see --help");
            }
        }
        boolean quick = args.containsKey("quick");
        Duration rowWarmup = args.containsKey("row-warmup") ? Durations.parse(args.get("row-warmup"))
                : quick ? QUICK_ROW_WARMUP : DEFAULT_ROW_WARMUP;
        Duration warmup = args.containsKey("warmup") ? Durations.parse(args.get("warmup"))
                : quick ? QUICK_WARMUP : DEFAULT_WARMUP;
        Duration window = args.containsKey("window") ? Durations.parse(args.get("window"))
                : quick ? QUICK_WINDOW : DEFAULT_WINDOW;
        if (window.isZero()) {
            throw new IllegalArgumentException("--window must be longer than 0");
        }
        List<Integer> inFlight = list(args.getOrDefault("in-flight", "1,16,128,512")).stream()
                .map(Integer::valueOf).toList();
        if (inFlight.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--in-flight values must be at least 1: " + inFlight);
        }
        int repeat = positive("repeat", args.getOrDefault("repeat", "1"));
        Duration soak = args.containsKey("soak") ? Durations.parse(args.get("soak")) : null;
        Duration soakInterval = Durations.parse(args.getOrDefault("soak-interval", "1m"));
        if (soakInterval.isZero()) {
            throw new IllegalArgumentException("--soak-interval must be longer than 0");
        }
        return new Options(
                list(args.getOrDefault("rows", "")),
                list(args.getOrDefault("payloads", "string,object")).stream().map(Payload::fromId).toList(),
                inFlight, rowWarmup, warmup, window,
                Arrays.stream(args.getOrDefault("jvm-args", DEFAULT_JVM_ARGS).strip().split("\\s+"))
                        .filter(arg -> !arg.isEmpty()).toList(),
                soak, soakInterval,
                args.containsKey("logs") ? Path.of(args.get("logs")) : defaultLogs,
                repeat, args.containsKey("help"));
    }

    private static int positive(String option, String value) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below, naming the option.
        }
        throw new IllegalArgumentException("--" + option + " must be a whole number of at least 1, not '" + value + "'");
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Roughly how long the comparison takes for {@code rows} rows in every round, JVM start-up not counted. */
    Duration estimate(int rows) {
        Duration perRow = rowWarmup.multipliedBy(payloads.size())
                .plus(warmup.plus(window).multipliedBy((long) payloads.size() * inFlight.size()));
        return perRow.multipliedBy((long) rows * repeat);
    }
}
