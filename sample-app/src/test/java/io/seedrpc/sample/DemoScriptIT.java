package io.seedrpc.sample;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Runs {@code demo.sh} the way the README tells a newcomer to, as its own bash process with the JDK that runs this
 * test, and checks what it prints and what it leaves behind. It runs after {@code package} (failsafe), so it uses
 * the jars this build made ({@code --no-build}) instead of building a second time; the ports are free ones picked
 * here, passed through the script's environment variables, so a demo already running on 8600/9101/9102 does not
 * matter.
 */
class DemoScriptIT {

    private static final Pattern SUMMARY = Pattern.compile(
            "demo: the consumer is done: (\\d+) succeeded, (\\d+) failed; served by \\{(.*)} before the stop, "
                    + "\\{(.*)} after it");

    private final Path root = Path.of("").toAbsolutePath().getParent();
    private final Path logs = Path.of("target", "demo-it").toAbsolutePath();
    private final Path output = logs.resolve("demo.out");

    @BeforeEach
    void jarsAreBuilt() throws IOException {
        for (String jar : List.of("rpc-registry-app/target/rpc-registry-app.jar", "sample-app/target/sample-app.jar")) {
            assertThat(root.resolve(jar)).as("%s, which the demo runs: build with -am so the reactor makes it", jar)
                    .isRegularFile();
        }
        Files.createDirectories(logs);
    }

    @Test
    void theDemoSharesTheCallsThenMovesThemAllToTheRemainingProviderAndLeavesNothingRunning() throws Exception {
        int[] ports = freePorts(3);
        Process demo = startDemo(ports);
        if (!demo.waitFor(5, TimeUnit.MINUTES)) {
            stopDemo(demo);
            fail("demo.sh did not finish within 5 minutes; it printed:%n%s", Files.readString(output));
        }
        String printed = Files.readString(output);
        assertThat(demo.exitValue()).as("demo.sh's exit status; it printed:%n%s", printed).isZero();

        Matcher summary = SUMMARY.matcher(printed);
        assertThat(summary.find()).as("the demo's closing summary in:%n%s", printed).isTrue();
        String first = "provider-" + ports[1];
        String second = "provider-" + ports[2];
        Map<String, Integer> before = counts(summary.group(3));
        Map<String, Integer> after = counts(summary.group(4));
        assertThat(Integer.parseInt(summary.group(1))).as(summary.group()).isEqualTo(60);
        assertThat(Integer.parseInt(summary.group(2))).as(summary.group()).isZero();
        assertThat(before).as("served before the stop").hasEntrySatisfying(first, n -> assertThat(n).isPositive())
                .hasEntrySatisfying(second, n -> assertThat(n).isPositive());
        assertThat(after).as("served after the stop").doesNotContainKey(first)
                .hasEntrySatisfying(second, n -> assertThat(n).isPositive());

        // The stop follows the consumer's 20th call, and the calls after it wait until the provider is gone.
        List<String> lines = printed.lines().toList();
        int call20 = indexOf(lines, " #20 ");
        int stopping = indexOf(lines, "demo: >>> the consumer has made 20 calls: stopping the provider on port "
                + ports[1]);
        int stopped = indexOf(lines, "demo: >>> the provider on port " + ports[1] + " has stopped");
        int call21 = indexOf(lines, " #21 ");
        assertThat(List.of(call20, stopping, stopped, call21)).as("lines #20, stopping, stopped, #21 in:%n%s", printed)
                .doesNotContain(-1).isSorted();
        assertThat(lines.subList(call21, lines.size())).as("calls after the stop")
                .filteredOn(line -> line.contains("served by provider-")).allMatch(line -> line.contains(second));

        assertThat(lines).as("JVM warnings on Java %s", Runtime.version()).noneMatch(line -> line.startsWith("WARNING:"));
        for (String log : List.of("registry.log", "provider-" + ports[1] + ".log", "provider-" + ports[2] + ".log")) {
            assertThat(Files.readAllLines(logs.resolve(log))).as("JVM warnings in %s", log)
                    .noneMatch(line -> line.startsWith("WARNING:"));
        }
        assertEverythingStopped(4, ports);
    }

    @Test
    void stoppingTheDemoMidwayStopsEveryProcessItStarted() throws Exception {
        int[] ports = freePorts(3);
        Process demo = startDemo(ports);
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(output).contains(" #5 ") || !demo.isAlive());
            assertThat(demo.isAlive()).as("demo.sh still running at call #5; it printed:%n%s", Files.readString(output))
                    .isTrue();
        } finally {
            demo.destroy(); // SIGTERM, as `kill` sends; Ctrl-C (SIGINT) takes the same path in the script
        }
        assertThat(demo.waitFor(1, TimeUnit.MINUTES)).as("demo.sh exits after SIGTERM").isTrue();
        assertThat(Files.readString(output)).contains("demo: every process stopped");
        assertEverythingStopped(4, ports);
    }

    @Test
    void aBusyPortIsAClearErrorBeforeAnythingStarts() throws Exception {
        int[] ports = freePorts(3);
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ports[2] = busy.getLocalPort();
            Process demo = startDemo(ports);
            assertThat(demo.waitFor(1, TimeUnit.MINUTES)).isTrue();
            String printed = Files.readString(output);
            assertThat(demo.exitValue()).as(printed).isEqualTo(1);
            assertThat(printed).contains("demo: port " + ports[2] + " is already in use")
                    .contains("DEMO_PROVIDER_PORTS").doesNotContain("starting the registry");
        }
    }

    @Test
    void anUnknownOptionOrAPortThatIsNoPortIsRefused() throws Exception {
        Process unknown = new ProcessBuilder("bash", root.resolve("demo.sh").toString(), "--fast")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(unknown.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(unknown.exitValue()).isEqualTo(2);
        assertThat(Files.readString(output)).contains("demo: unknown option '--fast'");

        ProcessBuilder notAPort = new ProcessBuilder("bash", root.resolve("demo.sh").toString(), "--no-build")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        notAPort.environment().put("DEMO_PROVIDER_PORTS", "9101 x");
        Process refused = notAPort.start();
        assertThat(refused.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(refused.exitValue()).isEqualTo(2);
        assertThat(Files.readString(output)).contains("demo: 'x' is not a port");
    }

    private Process startDemo(int[] ports) throws IOException {
        Files.deleteIfExists(logs.resolve("pids"));
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("demo.sh").toString(), "--no-build")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = builder.environment();
        env.put("REGISTRY_PORT", Integer.toString(ports[0]));
        env.put("DEMO_PROVIDER_PORTS", ports[1] + " " + ports[2]);
        env.put("DEMO_LOGS", logs.toString());
        // The demo runs on the JDK that runs this test, so `mvn verify` on JDK 25 checks the demo on JDK 25.
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + java.io.File.pathSeparator + env.get("PATH"));
        return builder.start();
    }

    private static void stopDemo(Process demo) throws InterruptedException {
        demo.destroy();
        if (!demo.waitFor(1, TimeUnit.MINUTES)) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }

    private void assertEverythingStopped(int started, int[] ports) throws IOException {
        List<Long> pids = Files.readAllLines(logs.resolve("pids")).stream().map(Long::parseLong).toList();
        assertThat(pids).as("processes the demo started (registry, two providers, consumer)").hasSize(started);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(pids)
                .as("processes the demo started that still run")
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        for (int port : ports) {
            try (ServerSocket free = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                assertThat(free.getLocalPort()).as("port %d free again", port).isEqualTo(port);
            }
        }
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    /** Parses {@code a=1, b=2} as printed by a map's toString. */
    private static Map<String, Integer> counts(String entries) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String entry : entries.split(", ")) {
            String[] pair = entry.split("=");
            counts.put(pair[0], Integer.parseInt(pair[1]));
        }
        return counts;
    }

    /** Distinct free ports on loopback, each closed again before the demo binds it. */
    private static int[] freePorts(int count) {
        Set<Integer> ports = new HashSet<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            while (ports.size() < count) {
                ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket that never accepted: nothing to recover
                }
            }
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }
}
