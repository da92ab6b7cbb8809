package io.seedrpc.spring.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code spring.threads.virtual.enabled=true} on JDK 21+ runs service methods on virtual threads, and the
 * bulkhead's bound on calls in flight still holds. The project builds for Java 17, so this runs the provider the
 * way a user would, as an application in a JVM of its own, on a JDK 21+ found on this machine (skipped when there
 * is none: {@code SEEDRPC_JDK21_HOME} or a JDK under {@code /usr/lib/jvm}).
 */
class VirtualThreadsTest {

    @Test
    void serviceMethodsRunOnVirtualThreadsUnderTheSameBound() throws Exception {
        Path java = jdk21().orElse(null);
        Assumptions.assumeTrue(java != null, "no JDK 21+ on this machine");
        Process provider = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), VirtualThreadsApp.class.getName(),
                "--spring.main.web-application-type=none", "--spring.main.banner-mode=off",
                "--spring.threads.virtual.enabled=true", "--rpc.server.host=127.0.0.1", "--rpc.server.port=0",
                "--rpc.server.executors.small.threads=1", "--rpc.server.executors.small.queue-capacity=1"))
                .redirectErrorStream(true).start();
        try (RpcClient client = RpcClient.builder().cluster("failfast").callTimeout(Duration.ofSeconds(10)).build()) {
            int port = awaitReady(provider);
            ThreadReporter reporter = client.proxy(ThreadReporter.class, "tcp://127.0.0.1:" + port);

            assertThat(reporter.thread()).startsWith("VirtualThread[").contains("seedrpc-vworker-");

            // The bulkhead allows 1 thread + 1 queued = 2 calls in flight, virtual threads or not.
            List<CompletableFuture<String>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(CompletableFuture.supplyAsync(() -> reporter.hold(2_000)));
            }
            // The provider's debug page says when both are in flight.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> debugPage(port).contains("<p>2 calls in flight"));
            assertThatThrownBy(() -> reporter.hold(0))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.status()).isEqualTo(StatusCode.SERVER_BUSY))
                    .hasMessageContaining("executor 'small'");
            held.forEach(call -> assertThat(call.join()).isEqualTo("held 2000"));
        } finally {
            provider.destroyForcibly();
            assertThat(provider.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static String debugPage(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/debug/rpc")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int awaitReady(Process provider) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(provider.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "provider-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(line.substring(6).trim());
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("the provider ended without READY:\n" + seen);
    }

    /** The java launcher of a JDK 21 or later on this machine, if there is one. */
    private static Optional<Path> jdk21() throws IOException {
        List<Path> homes = new ArrayList<>();
        String configured = System.getenv("SEEDRPC_JDK21_HOME");
        if (configured != null) {
            homes.add(Path.of(configured));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                dirs.sorted().forEach(homes::add);
            }
        }
        for (Path home : homes) {
            Path release = home.resolve("release");
            Path java = home.resolve("bin/java");
            if (Files.isRegularFile(release) && Files.isExecutable(java) && featureVersion(release) >= 21) {
                return Optional.of(java);
            }
        }
        return Optional.empty();
    }

    private static int featureVersion(Path release) throws IOException {
        for (String line : Files.readAllLines(release)) {
            if (line.startsWith("JAVA_VERSION=")) {
                String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                String feature = version.split("[.+-]")[0];
                return feature.chars().allMatch(Character::isDigit) && !feature.isEmpty() ? Integer.parseInt(feature) : 0;
            }
        }
        return 0;
    }
}
