package io.seedrpc.spring.ssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seedrpc.RpcException;
import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.autoconfigure.RpcClientAutoConfiguration;
import io.seedrpc.spring.autoconfigure.RpcDiscoveryAutoConfiguration;
import io.seedrpc.spring.autoconfigure.RpcRegistrationAutoConfiguration;
import io.seedrpc.spring.autoconfigure.RpcSerializationAutoConfiguration;
import io.seedrpc.spring.autoconfigure.RpcServerAutoConfiguration;
import io.seedrpc.spring.diagnostics.RpcStartupException;
import io.seedrpc.spring.fixture.Greeter;
import io.seedrpc.spring.fixture.GreeterImpl;
import io.seedrpc.spring.fixture.RunningRegistry;
import io.seedrpc.testing.NoLeakedThreads;
import io.seedrpc.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** {@code rpc.server.ssl.*} and {@code rpc.client.ssl.bundle}: TLS from Spring Boot SSL bundles, by name. */
@ExtendWith({NoLeakedThreads.class, OutputCaptureExtension.class})
class RpcSslBundlesTest {

    @TempDir
    Path directory;

    private ApplicationContextRunner runner;
    private String serverBundle;
    private String clientBundle;
    private String clientBundleWithoutCertificate;

    @BeforeEach
    void makeCertificatesAndBundles() {
        TestPki pki = TestPki.create("SeedRPC test CA");
        String ca = "file:" + pki.writeCaPem(directory.resolve("ca.crt"));
        TestPki.Issued server = pki.issue("server");
        TestPki.Issued client = pki.issue("client");
        serverBundle = "spring.ssl.bundle.pem.rpc-server.";
        clientBundle = "spring.ssl.bundle.pem.rpc-client.";
        clientBundleWithoutCertificate = "spring.ssl.bundle.pem.trust-only.";
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class,
                        RpcSerializationAutoConfiguration.class, RpcServerAutoConfiguration.class,
                        RpcClientAutoConfiguration.class))
                .withUserConfiguration(GreeterImpl.class)
                .withPropertyValues("rpc.server.host=127.0.0.1", "rpc.server.port=0", "rpc.client.timeout=5s",
                        serverBundle + "keystore.certificate=file:" + server.writeCertificatePem(directory.resolve("s.crt")),
                        serverBundle + "keystore.private-key=file:" + server.writeKeyPem(directory.resolve("s.key")),
                        serverBundle + "truststore.certificate=" + ca,
                        clientBundle + "keystore.certificate=file:" + client.writeCertificatePem(directory.resolve("c.crt")),
                        clientBundle + "keystore.private-key=file:" + client.writeKeyPem(directory.resolve("c.key")),
                        clientBundle + "truststore.certificate=" + ca,
                        clientBundleWithoutCertificate + "truststore.certificate=" + ca);
    }

    @Test
    void theServerAndTheClientSpeakTlsFromTheirBundles() {
        runner.withPropertyValues("rpc.server.ssl.bundle=rpc-server", "rpc.client.ssl.bundle=trust-only")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(greeter(context.getBean(RpcClient.class), context.getBean(RpcServer.class))
                            .greet("tls")).isEqualTo("hello tls");
                    try (RpcClient plaintext = RpcClient.builder().build()) {
                        assertThatThrownBy(() -> greeter(plaintext, context.getBean(RpcServer.class)).greet("x"))
                                .isInstanceOf(RpcException.class).hasMessageContaining("expects TLS");
                    }
                });
    }

    @Test
    void clientAuthNeedServesAClientWithACertificateFromItsBundleOnly() {
        runner.withPropertyValues("rpc.server.ssl.bundle=rpc-server", "rpc.server.ssl.client-auth=need",
                "rpc.client.ssl.bundle=rpc-client").run(context -> {
                    RpcServer server = context.getBean(RpcServer.class);
                    assertThat(greeter(context.getBean(RpcClient.class), server).greet("mutual"))
                            .isEqualTo("hello mutual");
                });
        runner.withPropertyValues("rpc.server.ssl.bundle=rpc-server", "rpc.server.ssl.client-auth=need",
                "rpc.client.ssl.bundle=trust-only").run(context -> assertThatThrownBy(
                        () -> greeter(context.getBean(RpcClient.class), context.getBean(RpcServer.class)).greet("x"))
                .isInstanceOf(RpcException.class).hasMessageContaining("mutual TLS"));
    }

    @Test
    void anUnknownBundleStopsStartUpNamingItAndTheProperty() {
        runner.withPropertyValues("rpc.server.ssl.bundle=rpc-sever").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining(RpcStartupException.class.getName() + ": rpc.server.ssl.bundle"
                        + " names the SSL bundle 'rpc-sever', which is not configured (configured bundles: [")
                .hasStackTraceContaining("rpc-server"));
        runner.withPropertyValues("rpc.client.ssl.bundle=nope").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining(RpcStartupException.class.getName()
                        + ": rpc.client.ssl.bundle names the SSL bundle 'nope'"));
    }

    @Test
    void aServerBundleWithoutAKeyStoreAndClientAuthWithoutABundleAreRefused() {
        runner.withPropertyValues("rpc.server.ssl.bundle=trust-only").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("'trust-only', which has no key store"));
        runner.withPropertyValues("rpc.server.ssl.client-auth=need").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("rpc.server.ssl.client-auth is need, but the RPC "
                        + "port has no TLS"));
    }

    @Test
    void springBootReportsAnUnknownBundleAsAFailureAnalysis(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(ProviderApplication.class)
                .web(WebApplicationType.NONE)
                .run("--rpc.server.host=127.0.0.1", "--rpc.server.port=0", "--rpc.server.ssl.bundle=missing",
                        "--spring.config.name=ssl-bundles-test", "--spring.main.banner-mode=off"))
                .hasStackTraceContaining("'missing'");
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("rpc.server.ssl.bundle names the SSL bundle 'missing', which is not configured")
                .contains("Action:")
                .contains("Configure it under spring.ssl.bundle.pem.missing");
    }

    @Test
    void aProviderAndAConsumerFindEachOtherThroughAnHttpsRegistryAndTalkTls() {
        TestPki registryPki = TestPki.create("Registry CA");
        TestPki.Issued registryCertificate = registryPki.issue("registry");
        try (RunningRegistry registry = RunningRegistry.start("server.ssl.bundle=registry",
                "spring.ssl.bundle.pem.registry.keystore.certificate=file:"
                        + registryCertificate.writeCertificatePem(directory.resolve("registry.crt")),
                "spring.ssl.bundle.pem.registry.keystore.private-key=file:"
                        + registryCertificate.writeKeyPem(directory.resolve("registry.key")))) {
            runner.withConfiguration(AutoConfigurations.of(RpcDiscoveryAutoConfiguration.class,
                            RpcRegistrationAutoConfiguration.class))
                    .withPropertyValues("rpc.server.ssl.bundle=rpc-server", "rpc.client.ssl.bundle=trust-only",
                            "rpc.registry.addresses=https://127.0.0.1:" + registry.uri().getPort(),
                            "rpc.registry.ssl.bundle=registry-trust",
                            "spring.ssl.bundle.pem.registry-trust.truststore.certificate=file:"
                                    + registryPki.writeCaPem(directory.resolve("registry-ca.crt")))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        Greeter greeter = context.getBean(RpcClient.class).proxy(ReferenceConfig.of(Greeter.class));
                        await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                                .until(() -> greeter.greet("found").equals("hello found"));
                    });
        }
    }

    private static Greeter greeter(RpcClient client, RpcServer server) {
        return client.proxy(Greeter.class, "tcp://127.0.0.1:" + server.port());
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({SslAutoConfiguration.class, RpcSerializationAutoConfiguration.class,
            RpcServerAutoConfiguration.class})
    @Import(GreeterImpl.class)
    static class ProviderApplication {
    }
}
