package io.seedrpc.sample;

import io.seedrpc.registry.RegistryClient;
import io.seedrpc.registry.app.RegistryApplication;
import io.seedrpc.sample.consumer.DemoReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sample as a user runs it: a real registry, two providers and a consumer, each its own application. */
class SampleAppTest {

    /** The registry app's web stack is on this test's class path; the sample itself is not a web application. */
    private static final String NOT_WEB = "--spring.main.web-application-type=none";

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

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
