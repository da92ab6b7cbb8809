package io.seedrpc.registry.app;

import io.seedrpc.discovery.Discovery;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.registry.HeartbeatSender;
import io.seedrpc.registry.RegistryClient;
import io.seedrpc.registry.RegistryDiscovery;
import io.seedrpc.registry.api.InstanceInfo;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.testing.TestPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The registry serving HTTPS through Spring Boot's own {@code server.ssl.bundle}, and the core's registry
 * clients (heartbeats, queries, discovery) speaking {@code https://} to it with an {@link SSLContext}.
 */
class HttpsTest {

    private static final String SERVICE = "com.acme.Orders";

    @TempDir
    Path directory;

    private final TestPki pki = TestPki.create("Registry test CA");
    private RunningRegistry registry;
    private URI https;
    private SSLContext trusting;

    @BeforeEach
    void startRegistryOverHttps() throws Exception {
        TestPki.Issued certificate = pki.issue("registry");
        registry = RunningRegistry.start("server.ssl.bundle=registry",
                "spring.ssl.bundle.pem.registry.keystore.certificate=file:"
                        + certificate.writeCertificatePem(directory.resolve("registry.crt")),
                "spring.ssl.bundle.pem.registry.keystore.private-key=file:"
                        + certificate.writeKeyPem(directory.resolve("registry.key")));
        https = URI.create("https://127.0.0.1:" + registry.port());
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, pki.trustManagers().getTrustManagers(), null);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void heartbeatsQueriesAndDiscoveryWorkOverHttps() throws Exception {
        RegistryClient client = RegistryClient.builder(https).sslContext(trusting).build();
        AtomicReference<List<Endpoint>> discovered = new AtomicReference<>(List.of());
        try (HeartbeatSender heartbeats = HeartbeatSender.builder(
                        RegistryInstance.of("127.0.0.1", 9100, List.of(SERVICE)))
                .registry(https).sslContext(trusting).build();
             Discovery discovery = RegistryDiscovery.builder().registry(https).sslContext(trusting).build();
             Discovery.Subscription ignored = discovery.subscribe(SERVICE, discovered::set)) {
            heartbeats.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> client.instances(SERVICE).get(5, TimeUnit.SECONDS)
                    .instances().stream().map(InstanceInfo::port).toList().equals(List.of(9100)));
            await().atMost(Duration.ofSeconds(10)).until(() -> discovered.get().size() == 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> client.instances(SERVICE).get(5, TimeUnit.SECONDS)
                .instances().isEmpty());
    }

    @Test
    void aClientThatDoesNotTrustTheRegistrysCertificateIsRefused() {
        RegistryClient untrusting = RegistryClient.builder(https).build();   // the JDK's CAs only

        assertThatThrownBy(() -> untrusting.services().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasRootCauseInstanceOf(
                        java.security.cert.CertPathBuilderException.class)
                .hasStackTraceContaining(SSLHandshakeException.class.getName());
    }
}
