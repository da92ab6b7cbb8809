package io.seedrpc.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedrpc.testing.NoLeakedThreads;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A provider in a JVM of its own is killed with SIGKILL, so it never deregisters: consumers must stop seeing it
 * once its session times out, and the calls go on to the provider that is left.
 */
@ExtendWith(NoLeakedThreads.class)
@ExtendWith(NoLeakedZooKeeperClients.class)
class ProviderKillTest {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(3);

    @Test
    void aKilledProviderLeavesTheConsumersWithinTheSessionTimeout() throws Exception {
        try (TestingServer server = TestEnsembles.server();
             Provider survivor = Provider.start("survivor", ZooKeeperConnection.builder(server.getConnectString()));
             Consumer consumer = new Consumer(ZooKeeperConnection.builder(server.getConnectString()))) {
            Process killed = startProviderJvm(server.getConnectString());
            try {
                int killedPort = awaitListening(killed);
                await().atMost(Duration.ofSeconds(15)).until(consumer::knownPorts,
                        ports -> ports.containsAll(List.of(killedPort, survivor.port())) && ports.size() == 2);

                killed.destroyForcibly();   // SIGKILL: no shutdown hook, no deregistration
                assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
                long killedAt = System.nanoTime();

                // The session expires on the server within the timeout (checked every tick); the cache hears of
                // the deleted node at once.
                await().atMost(SESSION_TIMEOUT.plusMillis(2L * TestEnsembles.TICK_MS + 1_000))
                        .pollInterval(Duration.ofMillis(50))
                        .until(consumer::knownPorts, ports -> ports.equals(List.of(survivor.port())));
                Duration gone = Duration.ofNanos(System.nanoTime() - killedAt);
                assertThat(gone).isLessThanOrEqualTo(SESSION_TIMEOUT.plusMillis(2L * TestEnsembles.TICK_MS + 1_000));
                for (int i = 0; i < 10; i++) {
                    assertThat(consumer.who.who()).isEqualTo("survivor");
                }
            } finally {
                killed.destroyForcibly();
            }
        }
    }

    private static Process startProviderJvm(String connectString) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A lean JVM: client compiler only, serial GC, small heap; it runs one tiny server.
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), ProviderMain.class.getName(), connectString, "killed",
                String.valueOf(SESSION_TIMEOUT.toMillis()));
        builder.redirectErrorStream(true);
        return builder.start();
    }

    /** Reads the provider's output until it says where it listens; drains the rest in the background. */
    private static int awaitListening(Process process) throws Exception {
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = output.readLine()) != null) {
                    if (line.startsWith("LISTENING ")) {
                        port.complete(Integer.parseInt(line.substring("LISTENING ".length()).strip()));
                    }
                }
                port.completeExceptionally(new AssertionError("the provider JVM ended before it listened"));
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        }, "provider-jvm-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(60, TimeUnit.SECONDS);
    }
}
