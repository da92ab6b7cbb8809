package io.seedrpc.processtest;

import io.seedrpc.client.RpcClient;
import io.seedrpc.processtest.consumer.EchoConsumerApplication;
import io.seedrpc.processtest.provider.EchoProviderApplication;
import io.seedrpc.registry.RegistryClient;
import io.seedrpc.registry.api.InstanceInfo;
import io.seedrpc.registry.app.RegistryApplication;
import io.seedrpc.server.RpcServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The minimal applications run as a user runs them: {@code java -jar}, a plain {@code SpringApplication.run},
 * no keep-alive property. A provider stays up while it serves and stops cleanly on SIGTERM; a consumer-only
 * application ends by itself.
 */
class AppProcessTest {

    private static final String SERVICE = Echo.class.getName();
    /** The test class path holds the registry's web stack; the minimal applications are not web applications. */
    private static final String NOT_WEB = "--spring.main.web-application-type=none";

    @TempDir
    Path directory;

    private ConfigurableApplicationContext registry;
    private RegistryClient registryClient;
    private String registryUrl;
    private Process process;
    private Path log;

    @BeforeEach
    void startRegistry() {
        // A TTL far beyond the test: an instance that leaves the registry was deregistered, not evicted.
        registry = new SpringApplicationBuilder(RegistryApplication.class).run("--server.port=0",
                "--server.address=127.0.0.1", "--spring.main.banner-mode=off", "--rpc.registry.instance-ttl=5m");
        registryUrl = "http://127.0.0.1:" + registry.getEnvironment().getProperty("local.server.port");
        registryClient = RegistryClient.create(URI.create(registryUrl));
        log = directory.resolve("app.log");
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        registry.close();
    }

    @Test
    void aProviderServesUntilSigtermThenDeregistersDrainsAndEndsWithinTheDrainTimeout() throws Exception {
        Duration drainTimeout = Duration.ofSeconds(6);
        process = AppJar.run(AppJar.write(directory, EchoProviderApplication.class), log,
                "--rpc.server.host=127.0.0.1", "--rpc.server.port=0", "--rpc.registry.addresses=" + registryUrl,
                "--rpc.server.drain-timeout=" + drainTimeout.toSeconds() + "s", NOT_WEB);

        InstanceInfo instance = await("the provider registered").atMost(Duration.ofSeconds(60))
                .until(this::instances, list -> !list.isEmpty()).get(0);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try (RpcClient client = RpcClient.builder().callTimeout(Duration.ofSeconds(10)).build()) {
            Echo echo = client.proxy(Echo.class, "tcp://127.0.0.1:" + instance.port());

            // main() returned long ago; only the server's own thread can keep the process serving.
            await("serving for 10 s").during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> process.isAlive() && "ping".equals(echo.echo("ping")));

            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> echo.slowEcho("slow", 2000), caller);
            await("the slow call runs").atMost(Duration.ofSeconds(10)).until(() -> output().contains("slowEcho started"));
            long sigterm = System.nanoTime();
            process.destroy();   // SIGTERM

            await("deregistered").atMost(Duration.ofSeconds(5)).until(() -> instances().isEmpty());
            assertThat(slow.get(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("slow");
            assertThat(process.waitFor(drainTimeout.toMillis(), TimeUnit.MILLISECONDS))
                    .as("the process ended within the drain timeout; its output:%n%s", output()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - sigterm)).isLessThan(drainTimeout);
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void aConsumerOnlyApplicationEndsByItselfWhenItsWorkIsDone() throws Exception {
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).build()
                .addService(Echo.class, new Echo() {
                    @Override
                    public String echo(String text) {
                        return text;
                    }

                    @Override
                    public String slowEcho(String text, long millis) {
                        return text;
                    }
                }).start()) {
            process = AppJar.run(AppJar.write(directory, EchoConsumerApplication.class), log,
                    "--rpc.client.providers.[" + SERVICE + "]=tcp://127.0.0.1:" + server.port(), NOT_WEB);

            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("the consumer ended by itself; its output:%n%s", output()).isTrue();
            assertThat(process.exitValue()).as(output()).isZero();
            assertThat(output()).contains("echo answered: batch done");
        }
    }

    private List<InstanceInfo> instances() throws Exception {
        return registryClient.instances(SERVICE).get(5, TimeUnit.SECONDS).instances();
    }

    private String output() throws IOException {
        return Files.readString(log);
    }
}
