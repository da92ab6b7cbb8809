package io.seedrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.actuate.RpcHealthIndicator;
import io.seedrpc.spring.fixture.GreeterImpl;
import io.seedrpc.testing.NoLeakedThreads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@ExtendWith(NoLeakedThreads.class)
class RpcHealthContributorAutoConfigurationTest {

    /** Answers the one request the health check makes, as a registry with no services would. */
    private static HttpServer fakeRegistry;
    private static String fakeRegistryUrl;
    private static String deadRegistryUrl;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RpcSerializationAutoConfiguration.class,
                    RpcServerAutoConfiguration.class, RpcHealthContributorAutoConfiguration.class))
            .withPropertyValues("rpc.server.host=127.0.0.1", "rpc.server.port=0");

    @BeforeAll
    static void startFakeRegistry() throws IOException {
        fakeRegistry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fakeRegistry.createContext("/api/v1/services", exchange -> {
            byte[] body = "{\"services\": []}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        fakeRegistry.start();
        fakeRegistryUrl = "http://127.0.0.1:" + fakeRegistry.getAddress().getPort();
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadRegistryUrl = "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    @AfterAll
    static void stopFakeRegistry() {
        fakeRegistry.stop(0);
    }

    @Test
    void upWhileTheServerListens() {
        runner.withUserConfiguration(GreeterImpl.class).run(context -> {
            Health health = context.getBean(RpcHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("server",
                    Map.of("listening", true, "port", context.getBean(RpcServer.class).port()));
        });
    }

    @Test
    void downOnceTheServerStopped() {
        runner.withUserConfiguration(GreeterImpl.class).run(context -> {
            context.getBean(RpcServer.class).close();
            Health health = context.getBean(RpcHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("server", Map.of("listening", false));
        });
    }

    @Test
    void upWhenARegistryAnswers() {
        runner.withPropertyValues("rpc.registry.addresses=" + fakeRegistryUrl + "," + deadRegistryUrl).run(context -> {
            Health health = context.getBean(RpcHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, String> registries = (Map<String, String>) health.getDetails().get("registries");
            assertThat(registries).containsEntry(fakeRegistryUrl, "reachable");
            assertThat(registries.get(deadRegistryUrl)).startsWith("unreachable");
        });
    }

    @Test
    void downWhenNoRegistryAnswers() {
        runner.withPropertyValues("rpc.registry.addresses=" + deadRegistryUrl).run(context -> {
            Health health = context.getBean(RpcHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey("registries");
        });
    }

    @Test
    void noIndicatorWithoutServerOrRegistry() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RpcHealthIndicator.class));
    }

    @Test
    void noIndicatorWhenDisabled() {
        runner.withUserConfiguration(GreeterImpl.class).withPropertyValues("management.health.rpc.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RpcHealthIndicator.class));
    }

    @Test
    void noIndicatorWithoutTheHealthModule() {
        runner.withUserConfiguration(GreeterImpl.class).withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RpcHealthIndicator.class)
                        .hasSingleBean(RpcServer.class));
    }
}
