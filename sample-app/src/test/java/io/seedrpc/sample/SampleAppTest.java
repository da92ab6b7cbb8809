package io.seedrpc.sample;

import io.seedrpc.registry.RegistryClient;
import io.seedrpc.registry.app.RegistryApplication;
import io.seedrpc.sample.consumer.DemoReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The sample as a user runs it: a real registry, two providers and a consumer, each its own application. */
class SampleAppTest {

    /** The registry app's web stack is on this test's class path; the sample itself is not a web application. */
    private static final String NOT_WEB = "--spring.main.web-application-type=none";

    private final List<ConfigurableApplicationContext> contexts = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }

    private ConfigurableApplicationContext start(Class<?> application, String... args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application).run(args);
        contexts.add(context);
        return context;
    }

    /** Starts a registry and two providers named {@code names}; returns the registry's URL once both are listed. */
    private String registryWithProviders(List<ConfigurableApplicationContext> providers, String... names)
            throws Exception {
        ConfigurableApplicationContext registry = start(RegistryApplication.class,
                "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off");
        String registryUrl = "http://127.0.0.1:" + registry.getEnvironment().getProperty("local.server.port");
        for (String name : names) {
            providers.add(start(SampleApplication.class, "--spring.profiles.active=provider", "--rpc.server.port=0",
                    "--rpc.server.host=127.0.0.1", "--rpc.registry.addresses=" + registryUrl,
                    "--sample.instance-name=" + name, NOT_WEB));
        }
        RegistryClient registryClient = RegistryClient.create(URI.create(registryUrl));
        await().atMost(Duration.ofSeconds(10)).until(() -> registryClient
                .instances("io.seedrpc.sample.api.InventoryService").get(5, TimeUnit.SECONDS).instances().size()
                == names.length);
        return registryUrl;
    }

    @Test
    void theConsumerPausesAfterItsNthCallUntilSignalledAndCountsTheCallsAfterTheStopApart(@TempDir Path signals)
            throws Exception {
        List<ConfigurableApplicationContext> providers = new ArrayList<>();
        String registryUrl = registryWithProviders(providers, "provider-a", "provider-b");
        java.util.concurrent.CompletableFuture<ConfigurableApplicationContext> consumer =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> start(SampleApplication.class,
                        "--spring.profiles.active=consumer", "--rpc.registry.addresses=" + registryUrl,
                        "--sample.demo.calls=12", "--sample.demo.interval=0ms", "--sample.demo.pause-after=6",
                        "--sample.demo.signal-dir=" + signals, NOT_WEB));

        Path paused = signals.resolve("consumer-paused");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(paused));
        assertThat(Files.readString(paused)).isEqualTo("6");
        assertThat(consumer).as("the consumer waits for the signal").isNotDone();
        ConfigurableApplicationContext stopped = providers.get(0);
        stopped.close();
        contexts.remove(stopped);
        Files.createFile(signals.resolve("consumer-resume"));

        DemoReport report = consumer.get(30, TimeUnit.SECONDS).getBean(DemoReport.class);
        assertThat(report.providerWasStopped()).isTrue();
        assertThat(report.failed()).as(report.toString()).isZero();
        assertThat(report.succeeded()).isEqualTo(12);
        assertThat(report.servedBeforeStop()).as(report.toString()).containsKeys("provider-a", "provider-b");
        assertThat(report.servedAfterStop()).as(report.toString()).doesNotContainKey("provider-a")
                .containsKey("provider-b");
        assertThat(report.toString()).contains(" before the stop, ").contains(" after it");
    }

    @Test
    void withoutTheSignalTheConsumerGoesOnAfterItsPauseTimeoutAndSaysNoProviderWasStopped(@TempDir Path signals)
            throws Exception {
        String registryUrl = registryWithProviders(new ArrayList<>(), "provider-a");
        ConfigurableApplicationContext consumer = start(SampleApplication.class, "--spring.profiles.active=consumer",
                "--rpc.registry.addresses=" + registryUrl, "--sample.demo.calls=4", "--sample.demo.interval=0ms",
                "--sample.demo.pause-after=2", "--sample.demo.signal-dir=" + signals,
                "--sample.demo.pause-timeout=200ms", NOT_WEB);

        DemoReport report = consumer.getBean(DemoReport.class);
        assertThat(report.providerWasStopped()).isFalse();
        assertThat(report.succeeded()).as(report.toString()).isEqualTo(4);
        assertThat(report.toString()).doesNotContain("before the stop");
        assertThat(signals.resolve("consumer-paused")).exists();
    }

    @Test
    void aPauseWithoutASignalDirectoryStopsTheConsumerAtStartWithWhatToSet() {
        assertThatThrownBy(() -> start(SampleApplication.class, "--spring.profiles.active=consumer",
                "--rpc.registry.addresses=http://127.0.0.1:1", "--sample.demo.pause-after=3", NOT_WEB))
                .hasStackTraceContaining("sample.demo.pause-after is 3 but sample.demo.signal-dir is not set");
    }

    @Test
    void theConsumersCallsSucceedAndSpreadOverBothProviders() throws Exception {
        ConfigurableApplicationContext registry = start(RegistryApplication.class,
                "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off");
        String registryUrl = "http://127.0.0.1:" + registry.getEnvironment().getProperty("local.server.port");
        for (String name : List.of("provider-a", "provider-b")) {
            start(SampleApplication.class, "--spring.profiles.active=provider", "--rpc.server.port=0",
                    "--rpc.server.host=127.0.0.1", "--rpc.registry.addresses=" + registryUrl,
                    "--sample.instance-name=" + name, NOT_WEB);
        }
        RegistryClient registryClient = RegistryClient.create(URI.create(registryUrl));
        await().atMost(Duration.ofSeconds(10)).until(() -> registryClient
                .instances("io.seedrpc.sample.api.InventoryService").get(5, TimeUnit.SECONDS).instances().size() == 2);

        ConfigurableApplicationContext consumer = start(SampleApplication.class, "--spring.profiles.active=consumer",
                "--rpc.registry.addresses=" + registryUrl, "--sample.demo.calls=40", "--sample.demo.interval=0ms",
                NOT_WEB);

        DemoReport report = consumer.getBean(DemoReport.class);
        assertThat(report.failed()).as(report.toString()).isZero();
        assertThat(report.succeeded()).isEqualTo(40);
        assertThat(report.servedBy()).containsKeys("provider-a", "provider-b");
    }
}
