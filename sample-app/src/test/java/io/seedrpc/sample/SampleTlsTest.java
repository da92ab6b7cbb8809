package io.seedrpc.sample;

import io.seedrpc.RpcException;
import io.seedrpc.client.RpcClient;
import io.seedrpc.registry.RegistryClient;
import io.seedrpc.registry.api.InstanceInfo;
import io.seedrpc.registry.app.RegistryApplication;
import io.seedrpc.sample.api.InventoryService;
import io.seedrpc.sample.consumer.DemoReport;
import io.seedrpc.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The sample's {@code tls} profile (what {@code ./demo.sh --tls} turns on): provider and consumer speak mutual
 * TLS with the stores in {@code sample.tls-dir}; a client without TLS is refused.
 */
class SampleTlsTest {

    private static final String NOT_WEB = "--spring.main.web-application-type=none";

    @TempDir
    Path tlsDir;

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }

    @Test
    void theConsumerCallsTheProviderOverMutualTls() throws Exception {
        TestPki pki = TestPki.create("sample test CA");
        pki.issue("server").writePkcs12(tlsDir.resolve("server.p12"), "changeit");
        pki.issue("client").writePkcs12(tlsDir.resolve("client.p12"), "changeit");
        pki.writeTrustStore(tlsDir.resolve("trust.p12"), "changeit");

        ConfigurableApplicationContext registry = start(RegistryApplication.class,
                "--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off");
        String registryUrl = "http://127.0.0.1:" + registry.getEnvironment().getProperty("local.server.port");
        start(SampleApplication.class, "--spring.profiles.active=provider,tls", "--sample.tls-dir=" + tlsDir,
                "--rpc.server.port=0", "--rpc.server.host=127.0.0.1", "--rpc.registry.addresses=" + registryUrl,
                NOT_WEB);
        RegistryClient registryClient = RegistryClient.create(URI.create(registryUrl));
        InstanceInfo provider = await().atMost(Duration.ofSeconds(10)).until(() -> registryClient
                .instances(InventoryService.class.getName()).get(5, TimeUnit.SECONDS).instances(), l -> !l.isEmpty())
                .get(0);

        ConfigurableApplicationContext consumer = start(SampleApplication.class,
                "--spring.profiles.active=consumer,tls", "--sample.tls-dir=" + tlsDir,
                "--rpc.registry.addresses=" + registryUrl, "--sample.demo.calls=10", "--sample.demo.interval=0ms",
                NOT_WEB);
        DemoReport report = consumer.getBean(DemoReport.class);
        assertThat(report.failed()).as(report.toString()).isZero();
        assertThat(report.succeeded()).isEqualTo(10);

        try (RpcClient plaintext = RpcClient.builder().build()) {
            assertThatThrownBy(() -> plaintext.proxy(InventoryService.class,
                    "tcp://127.0.0.1:" + provider.port()).stockOf("apple"))
                    .isInstanceOf(RpcException.class).hasMessageContaining("expects TLS");
        }
    }

    private ConfigurableApplicationContext start(Class<?> application, String... args) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application).run(args);
        contexts.add(context);
        return context;
    }
}
