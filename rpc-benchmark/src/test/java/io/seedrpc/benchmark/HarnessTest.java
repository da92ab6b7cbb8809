package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The harness's own logic, without starting any JVM or framework: milliseconds, not a benchmark. */
class HarnessTest {

    @Test
    void aResultLineReadsBackAsTheSameResult() {
        CellResult result = new CellResult("seedrpc-kryo", "string", 128, 123_456, 10.0, 2, 75.5, 310.2, 1200.9,
                95.3, 88.1, 98_765_432, -1);

        assertThat(CellResult.parse(result.toLine())).isEqualTo(result);
        assertThat(result.throughput()).isEqualTo(12_345.6);
        assertThat(result.withServerBytes(123_456_000).serverBytes()).isEqualTo(123_456_000);
    }

    @Test
    void workPerCallIsTheWindowsBytesAndCpuSharedOutOverItsCalls() {
        // 100,000 calls in 2 s; the client used half a core (1 s of CPU), the server one and a half (3 s).
        CellResult cell = new CellResult("seedrpc-kryo", "string", 128, 100_000, 2.0, 0, 1, 2, 3, 150.0, 50.0,
                80_000_000, 120_000_000);

        assertThat(cell.clientBytesPerCall()).isEqualTo(800.0);
        assertThat(cell.serverBytesPerCall()).isEqualTo(1_200.0);
        assertThat(cell.clientMicrosPerCall()).isCloseTo(10.0, within(1e-9));
        assertThat(cell.serverMicrosPerCall()).isCloseTo(30.0, within(1e-9));
        CellResult unknown = new CellResult("dubbo", "string", 1, 10, 1.0, 0, 1, 2, 3, Double.NaN, 5.0, -1, -1);
        assertThat(unknown.clientBytesPerCall()).isNaN();
        assertThat(unknown.serverMicrosPerCall()).isNaN();
    }

    @Test
    void theBytesThisJvmsThreadsAllocateAreCountedIncludingThoseOfNewThreads() throws Exception {
        AllocatedBytes.Snapshot start = AllocatedBytes.take();
        byte[][] kept = new byte[2][];
        kept[0] = new byte[4 << 20];
        CountDownLatch allocated = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            kept[1] = new byte[2 << 20];
            allocated.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        other.start();
        try {
            assertThat(allocated.await(5, TimeUnit.SECONDS)).isTrue();

            assertThat(AllocatedBytes.since(start)).isGreaterThanOrEqualTo((4 << 20) + (2 << 20));
        } finally {
            release.countDown();
            other.join(5_000);
        }
        assertThat(kept[0]).hasSize(4 << 20);
    }

    @Test
    void theServerReportsItsAllocationBetweenTheRunnersTwoCommands() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String commands = String.join("\n", Wire.CMD_ALLOC_CLOSE, Wire.CMD_ALLOC_OPEN, Wire.CMD_ALLOC_CLOSE,
                Wire.CMD_STOP, Wire.CMD_ALLOC_CLOSE) + "\n";

        ServerMain.serveCommands(new BufferedReader(new StringReader(commands)),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        List<Wire.Message> replies = printed.toString(StandardCharsets.UTF_8).lines().map(Wire.Message::parse)
                .toList();
        assertThat(replies).extracting(Wire.Message::kind).containsExactly(Wire.ALLOC, Wire.ALLOC);
        assertThat(replies.get(0).body()).as("no window opened yet").isEqualTo("bytes=-1");
        assertThat(Long.parseLong(CellResult.fields(replies.get(1).body()).get("bytes"))).isNotNegative();
    }

    @Test
    void cpuTimeIsReadFromProcStatEvenWhenTheCommandHasSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 30 0 1";

        assertThat(CpuClock.parseStat(stat)).isEqualTo(300 * 10_000_000L);
        assertThat(CpuClock.percent(0, 1_000_000_000L, 2_000_000_000L)).isEqualTo(50.0);
        assertThat(CpuClock.percent(-1, 5, 10)).isNaN();
        assertThat(CpuClock.of(ProcessHandle.current().pid())).isNotZero();
    }

    @Test
    void durationsReadAsTyped() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThatThrownBy(() -> Durations.parse("ten minutes")).hasMessageContaining("10m");
    }

    @Test
    void quickModeShortensOnlyWhatWasNotGiven() {
        Options quick = Options.parse(new String[] {"--quick", "--window", "3s"}, Path.of("logs"));

        assertThat(quick.rowWarmup()).isEqualTo(Options.QUICK_ROW_WARMUP);
        assertThat(quick.warmup()).isEqualTo(Options.QUICK_WARMUP);
        assertThat(quick.window()).isEqualTo(Duration.ofSeconds(3));
        assertThat(quick.inFlight()).containsExactly(1, 16, 128, 512);
        assertThat(quick.payloads()).containsExactly(Payload.STRING, Payload.OBJECT);
        assertThat(Options.parse(new String[] {"--jvm-args", " -Xmx2g  -XX:StartFlightRecording=duration=30s,filename=a.jfr"},
                Path.of("logs")).jvmArgs())
                .containsExactly("-Xmx2g", "-XX:StartFlightRecording=duration=30s,filename=a.jfr");
        assertThatThrownBy(() -> Options.parse(new String[] {"--windows", "3s"}, Path.of("logs")))
                .hasMessageContaining("--windows");
    }

    @Test
    void repeatRunsEveryRowThatManyTimesAndOnceWithoutIt() {
        Options once = Options.parse(new String[] {"--quick"}, Path.of("logs"));
        Options five = Options.parse(new String[] {"--quick", "--repeat", "5"}, Path.of("logs"));

        assertThat(once.repeat()).isEqualTo(1);
        assertThat(five.repeat()).isEqualTo(5);
        assertThat(five.estimate(2)).isEqualTo(once.estimate(2).multipliedBy(5));
        assertThatThrownBy(() -> Options.parse(new String[] {"--repeat", "0"}, Path.of("logs")))
                .hasMessageContaining("--repeat").hasMessageContaining("'0'");
        assertThatThrownBy(() -> Options.parse(new String[] {"--repeat", "five"}, Path.of("logs")))
                .hasMessageContaining("--repeat").hasMessageContaining("'five'");
    }

    @Test
    void roundsRunTheRowsInTurnAndKeepEveryRoundsCells() throws Exception {
        List<String> order = new ArrayList<>();
        Comparison.RowRun run = (row, round, cells) -> {
            order.add(row.name() + round);
            if (row.name().equals("b") && round == 2) {
                throw new java.io.IOException("the client exited");
            }
            cells.accept(cell(row.name(), 128, 1_000 * round, 50));
            return "epoll";
        };
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<Comparison.RowOutcome> outcomes = new Comparison(3, run,
                new PrintStream(printed, true, StandardCharsets.UTF_8))
                .run(List.of(target("a", Target.Kind.SEEDRPC), target("b", Target.Kind.SEEDRPC)));

        assertThat(order).containsExactly("a1", "b1", "a2", "b2", "a3", "b3");
        assertThat(outcomes.get(0).cells()).extracting(CellResult::calls).containsExactly(1_000L, 2_000L, 3_000L);
        assertThat(outcomes.get(0).failure()).isNull();
        assertThat(outcomes.get(0).transport()).isEqualTo("epoll");
        assertThat(outcomes.get(1).cells()).extracting(CellResult::calls).containsExactly(1_000L, 3_000L);
        assertThat(outcomes.get(1).failure()).isEqualTo("round 2: the client exited");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("[a] a (round 3 of 3)");
    }

    @Test
    void aCellOverRoundsIsTheMedianOfEachFigureWithTheSpreadOfCallsPerSecond() {
        List<CellResult> rounds = List.of(cell("r", 128, 100_000, 60), cell("r", 128, 40_000, 300),
                cell("r", 128, 110_000, 55), cell("r", 128, 105_000, 50), cell("r", 128, 95_000, 70));

        CellStats stats = CellStats.of(rounds);

        assertThat(stats.rounds()).isEqualTo(5);
        assertThat(stats.throughput()).isEqualTo(100_000);
        assertThat(stats.minThroughput()).isEqualTo(40_000);
        assertThat(stats.maxThroughput()).isEqualTo(110_000);
        assertThat(stats.p50Micros()).isEqualTo(60);
        assertThat(stats.clientBytesPerCall()).isEqualTo(500);
        assertThat(CellStats.median(rounds.subList(0, 4), CellResult::throughput)).isEqualTo(102_500);
        CellResult unknownCpu = new CellResult("r", "string", 1, 10, 1, 0, 1, 1, 1, Double.NaN, Double.NaN, -1, -1);
        CellResult knownCpu = new CellResult("r", "string", 1, 10, 1, 0, 1, 1, 1, 100.0, 50.0, -1, -1);
        assertThat(CellStats.median(List.of(unknownCpu, knownCpu), CellResult::serverCpu))
                .as("unknown values are left out").isEqualTo(100.0);
        assertThat(CellStats.median(List.of(unknownCpu), CellResult::serverCpu)).isNaN();
    }

    @Test
    void repeatedRoundsAreJudgedOnTheirMediansNotOnOneOutlier() {
        // seedrpc-spring had one bad round (40k); its median (100k) is 0.95x seedrpc-kryo's median (105k).
        List<CellResult> spring = new ArrayList<>();
        List<CellResult> kryo = new ArrayList<>();
        int[] springRounds = {100_000, 40_000, 110_000, 101_000, 99_000};
        int[] kryoRounds = {105_000, 104_000, 106_000, 90_000, 120_000};
        for (int i = 0; i < 5; i++) {
            spring.add(cell("seedrpc-spring", 128, springRounds[i], 60));
            kryo.add(cell("seedrpc-kryo", 128, kryoRounds[i], 60));
        }
        Outcomes outcomes = new Outcomes(List.of(
                new Comparison.RowOutcome(target("seedrpc-kryo", Target.Kind.SEEDRPC), "epoll", kryo, null),
                new Comparison.RowOutcome(target("seedrpc-spring", Target.Kind.SEEDRPC), "epoll", spring, null)));

        List<Goals.Judgement> judged = new Goals(outcomes, List.of(Payload.STRING), List.of(128))
                .judge(List.of(new Goals.Goal("seedrpc-spring", "seedrpc-kryo", Goals.EVERY_IN_FLIGHT,
                        Goals.Metric.THROUGHPUT, 0.95)));

        assertThat(judged).singleElement().satisfies(j -> {
            assertThat(j.verdict()).isEqualTo("PASS");
            assertThat(j.line()).isEqualTo("PASS  string 128 in flight: seedrpc-spring calls/s >= 0.95 x "
                    + "seedrpc-kryo: median 100,000 (40,000-110,000, 5 rounds) vs median 105,000 "
                    + "(90,000-120,000, 5 rounds) calls/s (0.95x)");
        });
    }

    @Test
    void issue15SetsEachRowAgainstTheCeilingOnItsOwnTransport() {
        Outcomes outcomes = new Outcomes(List.of(
                outcome("seedrpc-kryo", Target.Kind.SEEDRPC, "nio", 80_000, 70),
                outcome("seedrpc-kryo-direct", Target.Kind.SEEDRPC, "epoll", 130_000, 60),
                outcome("seedrpc-spring", Target.Kind.SEEDRPC, "epoll", 78_000, 70),
                outcome("seedrpc-json", Target.Kind.SEEDRPC, "epoll", 50_000, 90),
                outcome("raw-netty", Target.Kind.CEILING, "nio", 100_000, 60),
                outcome("raw-netty-epoll", Target.Kind.CEILING, "epoll", 150_000, 56)));

        List<String> verdicts = new Goals(outcomes, List.of(Payload.STRING), List.of(1, 128))
                .judge(Goals.ISSUE_15).stream()
                .map(j -> j.verdict() + " " + j.goal().ours() + " " + j.inFlight() + " " + j.against()).toList();

        assertThat(verdicts).containsExactly(
                "PASS seedrpc-kryo-direct 128 raw-netty-epoll",   // 130k >= 0.8 x 150k
                "PASS seedrpc-kryo 128 raw-netty",                // on NIO: 80k >= 0.7 x 100k
                "PASS seedrpc-spring 1 seedrpc-kryo",             // 78k >= 0.95 x 80k, at every number in flight
                "PASS seedrpc-spring 128 seedrpc-kryo",
                "MISS seedrpc-json 128 seedrpc-kryo",             // 50k < 0.7 x 80k
                "PASS seedrpc-kryo 1 raw-netty",                  // 70 <= 1.2 x 60 µs
                "MISS seedrpc-kryo-direct 1 raw-netty-epoll");    // 60 > 1.05 x 56 µs
    }

    @Test
    void aTargetAgainstTheSameTransportsCeilingIsSkippedWhenThatCeilingDidNotRun() {
        Outcomes outcomes = new Outcomes(List.of(
                outcome("seedrpc-kryo-direct", Target.Kind.SEEDRPC, "epoll", 130_000, 60),
                outcome("raw-netty", Target.Kind.CEILING, "nio", 100_000, 60)));

        List<Goals.Judgement> judged = new Goals(outcomes, List.of(Payload.STRING), List.of(128))
                .judge(List.of(Goals.ISSUE_15.get(0)));

        assertThat(judged).singleElement().satisfies(j -> {
            assertThat(j.verdict()).isEqualTo("SKIP");
            assertThat(j.detail()).contains("no raw ceiling on epoll");
        });
    }

    @Test
    void allocationIsReportedOnlyWhenEverySeedRpcRowHasItOnBothSides() {
        CellResult counted = cell("seedrpc-kryo", 128, 100_000, 60);
        CellResult serverUnknown = new CellResult("seedrpc-json", "string", 128, 100, 1, 0, 1, 1, 1, 1, 1, 100, -1);
        Target kryo = target("seedrpc-kryo", Target.Kind.SEEDRPC);
        Target json = target("seedrpc-json", Target.Kind.SEEDRPC);

        List<String> reported = new Goals(new Outcomes(List.of(
                new Comparison.RowOutcome(kryo, "epoll", List.of(counted), null))), List.of(Payload.STRING),
                List.of(128)).allocationReported();
        List<String> missing = new Goals(new Outcomes(List.of(
                new Comparison.RowOutcome(kryo, "epoll", List.of(counted), null),
                new Comparison.RowOutcome(json, "epoll", List.of(serverUnknown), null))), List.of(Payload.STRING),
                List.of(128)).allocationReported();

        assertThat(reported).containsExactly("PASS  string allocation per call reported for every SeedRPC row "
                + "(seedrpc-kryo at 128 in flight: 500 B/call client, 700 B/call server)");
        assertThat(missing).containsExactly("MISS  string allocation per call unknown for seedrpc-json at 128");
    }

    @Test
    void targetsPassOnlyWhenTheRatioIsReached() {
        List<Comparison.RowOutcome> outcomes = List.of(
                outcome("seedrpc-kryo", Target.Kind.SEEDRPC, 100_000, 50),
                outcome("dubbo", Target.Kind.PEER, 49_000, 300),
                outcome("grpc-default", Target.Kind.PEER, 34_000, 200),
                outcome("seedrpc-kryo-direct", Target.Kind.SEEDRPC, 120_000, 79),
                outcome("raw-netty", Target.Kind.CEILING, 160_000, 60));

        List<String> verdicts = new Goals(new Outcomes(outcomes), List.of(Payload.STRING), List.of(1, 128))
                .judge(Goals.ISSUE_7).stream().map(j -> j.verdict() + " " + j.goal().theirs()).toList();

        assertThat(verdicts).containsExactly("PASS dubbo", "MISS grpc-default", "SKIP grpc-direct",
                "MISS raw-netty", "MISS raw-netty");
    }

    @Test
    void eachSeedRpcRowGetsItsRatioToEveryPeerAndTheCeilingAndThePeersNone() {
        Report report = new Report(List.of(
                outcome("seedrpc-kryo", Target.Kind.SEEDRPC, 100_000, 50),
                outcome("seedrpc-spring", Target.Kind.SEEDRPC, 98_000, 51),
                outcome("dubbo", Target.Kind.PEER, 49_000, 300),
                outcome("raw-netty", Target.Kind.CEILING, 160_000, 60)),
                List.of(Payload.STRING), List.of(128), 1);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("x dubbo").contains("x raw-netty")
                .contains("B/call cli").contains("µs/call srv").doesNotContain("min-max"));
        // 98,000 calls in 1 s: 500 and 700 B/call, 0 % CPU -> 0.00 µs/call; then the ratios.
        assertThat(lines).filteredOn(line -> line.strip().startsWith("128  seedrpc-spring ")).singleElement()
                .satisfies(line -> assertThat(line).endsWith("      0        500        700        0.00        0.00"
                        + "              2.00              0.61"));
        assertThat(lines).filteredOn(line -> line.strip().startsWith("128  dubbo ")).singleElement()
                .satisfies(line -> assertThat(line).endsWith("0.00" + " ".repeat(36)));
        assertThat(lines).contains("Targets (issue 7):", "Targets (issue 15):");
    }

    @Test
    void withSeveralRoundsTheTableShowsMediansAndTheSpread() {
        List<CellResult> rounds = List.of(cell("seedrpc-kryo", 128, 90_000, 50), cell("seedrpc-kryo", 128, 120_000, 50),
                cell("seedrpc-kryo", 128, 100_000, 50));
        Report report = new Report(List.of(new Comparison.RowOutcome(target("seedrpc-kryo", Target.Kind.SEEDRPC),
                "epoll", rounds, null)), List.of(Payload.STRING), List.of(128), 3);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("Medians of 3 rounds"));
        assertThat(lines).filteredOn(line -> line.strip().startsWith("128  seedrpc-kryo ")).singleElement()
                .satisfies(line -> assertThat(line).contains("     100,000      90,000-120,000 "));
        assertThat(lines).contains("Targets (issue 15), on the medians of 3 rounds:");
    }

    @Test
    void aHeapSeriesIsFlatUnlessItGrowsPastTheAllowance() {
        long mib = 1024 * 1024;
        assertThat(Soak.flat(List.of(40 * mib, 44 * mib, 41 * mib))).isTrue();
        assertThat(Soak.flat(List.of(40 * mib, 50 * mib, 60 * mib))).isFalse();
        assertThat(Soak.flat(List.of(45 * mib, 10 * mib, 20 * mib))).as("growth hidden by a high first reading")
                .isFalse();
    }

    @Test
    void aClosedLoopKeepsExactlyOneCallInFlightPerCallerAndStopsCleanly() throws Exception {
        ScheduledExecutorService server = Executors.newScheduledThreadPool(2);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(200);
        Target.Client client = new Target.Client() {
            @Override
            public void echo(Payload payload, Target.Completion done) {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                server.schedule(() -> {
                    inFlight.decrementAndGet();
                    done.complete(null);
                    answered.countDown();
                }, 100, TimeUnit.MICROSECONDS);
            }

            @Override
            public void close() {
            }
        };
        try {
            ClosedLoop loop = new ClosedLoop(client, Payload.STRING, 8, server);
            loop.start();
            // Judged once the loop has gone round many times, however long a loaded machine takes for that.
            assertThat(answered.await(10, TimeUnit.SECONDS)).as("200 calls answered").isTrue();
            Histogram timed = loop.interval();

            assertThat(loop.stop(5_000)).isTrue();
            assertThat(timed.getTotalCount()).isPositive();
            assertThat(most.get()).isLessThanOrEqualTo(8);
            assertThat(inFlight.get()).isZero();
            assertThat(loop.errors()).isZero();
        } finally {
            server.shutdownNow();
        }
    }

    /** One round's cell: 1 s window, 500 B/call on the client and 700 on the server. */
    private static CellResult cell(String row, int inFlight, long calls, double p50) {
        return new CellResult(row, "string", inFlight, calls, 1.0, 0, p50, p50 * 2, p50 * 4, 0, 0, calls * 500,
                calls * 700);
    }

    private static Comparison.RowOutcome outcome(String name, Target.Kind kind, double callsPerSecond,
                                                 double p50) {
        return outcome(name, kind, "", callsPerSecond, p50);
    }

    private static Comparison.RowOutcome outcome(String name, Target.Kind kind, String transport,
                                                 double callsPerSecond, double p50) {
        List<CellResult> cells = new ArrayList<>();
        for (int n : List.of(1, 128)) {
            cells.add(cell(name, n, (long) callsPerSecond, p50));
        }
        return new Comparison.RowOutcome(target(name, kind), transport, cells, null);
    }

    private static Target target(String name, Target.Kind kind) {
        return new Target() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return name;
            }

            @Override
            public Kind kind() {
                return kind;
            }

            @Override
            public Server startServer() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Client connect(int port) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
