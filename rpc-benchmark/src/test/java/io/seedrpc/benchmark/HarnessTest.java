package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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

/** The harness's own logic, without starting any JVM or framework: milliseconds, not a benchmark. */
class HarnessTest {

    @Test
    void aResultLineReadsBackAsTheSameResult() {
        CellResult result = new CellResult("seedrpc-kryo", "string", 128, 123_456, 10.0, 2, 75.5, 310.2, 1200.9,
                95.3, 88.1);

        assertThat(CellResult.parse(result.toLine())).isEqualTo(result);
        assertThat(result.throughput()).isEqualTo(12_345.6);
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
    void targetsPassOnlyWhenTheRatioIsReached() {
        Report report = new Report(List.of(
                outcome("seedrpc-kryo", Target.Kind.SEEDRPC, 100_000, 50),
                outcome("dubbo", Target.Kind.PEER, 49_000, 300),
                outcome("grpc-default", Target.Kind.PEER, 34_000, 200),
                outcome("seedrpc-kryo-direct", Target.Kind.SEEDRPC, 120_000, 79),
                outcome("raw-netty", Target.Kind.CEILING, 160_000, 60)),
                List.of(Payload.STRING), List.of(1, 128));

        List<String> verdicts = report.judge().stream().map(j -> j.verdict() + " " + j.goal().theirs()).toList();

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
                List.of(Payload.STRING), List.of(128));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("x dubbo").contains("x raw-netty"));
        assertThat(lines).filteredOn(line -> line.strip().startsWith("128  seedrpc-spring ")).singleElement()
                .satisfies(line -> assertThat(line).endsWith("2.00           0.61"));
        assertThat(lines).filteredOn(line -> line.strip().startsWith("128  dubbo ")).singleElement()
                .satisfies(line -> assertThat(line).endsWith("       0" + " ".repeat(30)));
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

    private static Comparison.RowOutcome outcome(String name, Target.Kind kind, double callsPerSecond,
                                                 double p50) {
        Target target = new Target() {
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
        List<CellResult> cells = new ArrayList<>();
        for (int n : List.of(1, 128)) {
            cells.add(new CellResult(name, "string", n, (long) callsPerSecond, 1.0, 0, p50, p50 * 2, p50 * 4, 0, 0));
        }
        return new Comparison.RowOutcome(target, cells, null);
    }
}
