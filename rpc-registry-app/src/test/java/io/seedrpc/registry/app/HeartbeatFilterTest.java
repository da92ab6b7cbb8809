package io.seedrpc.registry.app;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Heartbeats answered before Spring MVC, over real HTTP: the same answers as the controller's (status, headers,
 * body, for a known and an unknown id), without a trip through Spring MVC, still counted in
 * {@code http.server.requests} under the controller's pattern, and everything unusual left to Spring MVC.
 */
class HeartbeatFilterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INSTANCE = "{\"id\":\"orders-1\",\"host\":\"10.0.0.5\",\"port\":9100,"
            + "\"services\":[\"com.acme.Orders\"]}";
    /** An Accept header Spring MVC negotiates to JSON too, but which the filter leaves to it. */
    private static final String NEGOTIATED = "application/json, text/plain;q=0.5";

    private static RunningRegistry registry;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startRegistry() {
        registry = RunningRegistry.startWith(CountMvcHeartbeats.class,
                "management.endpoints.web.exposure.include=health,info,metrics");
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @BeforeEach
    void oneInstance() throws Exception {
        registry.clear();
        registry.bean(MvcHeartbeats.class).count.set(0);
        assertThat(send("POST", "/api/v1/instances", INSTANCE, null).statusCode()).isEqualTo(201);
    }

    @Test
    void answersAKnownIdAsTheControllerDoesWithoutSpringMvc() throws Exception {
        HttpResponse<String> fast = send("PUT", "/api/v1/instances/orders-1/heartbeat", null, "application/json");
        assertThat(registry.bean(MvcHeartbeats.class).count).as("heartbeats that reached Spring MVC").hasValue(0);
        HttpResponse<String> viaMvc = send("PUT", "/api/v1/instances/orders-1/heartbeat", null, NEGOTIATED);
        assertThat(registry.bean(MvcHeartbeats.class).count).hasValue(1);

        assertThat(fast.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(fast.body()).get("ttlMs").asLong()).isEqualTo(15_000);
        assertSameAnswer(fast, viaMvc);
    }

    @Test
    void answersAnUnknownIdAsTheControllerDoes() throws Exception {
        HttpResponse<String> fast = send("PUT", "/api/v1/instances/nobody/heartbeat", null, null);
        HttpResponse<String> viaMvc = send("PUT", "/api/v1/instances/nobody/heartbeat", null, NEGOTIATED);

        assertThat(registry.bean(MvcHeartbeats.class).count).hasValue(1);
        assertThat(fast.statusCode()).isEqualTo(404);
        JsonNode error = JSON.readTree(fast.body());
        assertThat(error.get("field").asString()).isEqualTo("id");
        assertThat(error.get("message").asString()).contains("'nobody'", "register again");
        assertSameAnswer(fast, viaMvc);
    }

    @Test
    void renewsTheLease() throws Exception {
        long before = registry.bean(io.seedrpc.registry.app.live.Registry.class).all().instances().get(0)
                .lastHeartbeatMs();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            send("PUT", "/api/v1/instances/orders-1/heartbeat", null, "*/*");
            return registry.bean(io.seedrpc.registry.app.live.Registry.class).all().instances().get(0)
                    .lastHeartbeatMs() > before;
        });
        assertThat(registry.bean(MvcHeartbeats.class).count).hasValue(0);
    }

    @Test
    void heartbeatsStayInTheRequestMetricsUnderTheControllersPattern() throws Exception {
        String metric = "/actuator/metrics/http.server.requests?tag=uri:/api/v1/instances/%7Bid%7D/heartbeat"
                + "&tag=method:PUT&tag=status:";
        double okBefore = count(metric + "200");
        double notFoundBefore = count(metric + "404");

        send("PUT", "/api/v1/instances/orders-1/heartbeat", null, null);
        send("PUT", "/api/v1/instances/orders-1/heartbeat", null, null);
        send("PUT", "/api/v1/instances/nobody/heartbeat", null, null);

        assertThat(registry.bean(MvcHeartbeats.class).count).hasValue(0);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(count(metric + "200")).isEqualTo(okBefore + 2);
            assertThat(count(metric + "404")).isEqualTo(notFoundBefore + 1);
        });
    }

    @Test
    void leavesWhatItIsNotSureOfToSpringMvc() throws Exception {
        // Percent-encoded: Spring MVC decodes it to the registered id.
        HttpResponse<String> encoded = send("PUT", "/api/v1/instances/orders%2D1/heartbeat", null, null);
        assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
        assertThat(JSON.readTree(encoded.body()).get("id").asString()).isEqualTo("orders-1");
        // Asking for something other than JSON: Spring MVC negotiates, and refuses.
        HttpResponse<String> html = send("PUT", "/api/v1/instances/orders-1/heartbeat", null, "text/html");
        assertThat(html.statusCode()).isEqualTo(406);
        assertThat(registry.bean(MvcHeartbeats.class).count).hasValue(2);

        // Not a heartbeat: no route, or the wrong method, as before.
        assertThat(send("PUT", "/api/v1/instances/orders-1/x/heartbeat", null, null).statusCode()).isEqualTo(404);
        assertThat(send("PUT", "/api/v1/instances//heartbeat", null, null).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/v1/instances/orders-1/heartbeat", "{}", null).statusCode()).isEqualTo(405);
        String tooLong = "a".repeat(129);
        HttpResponse<String> overlong = send("PUT", "/api/v1/instances/" + tooLong + "/heartbeat", null, null);
        assertThat(overlong.statusCode()).isEqualTo(404);
        assertThat(registry.bean(MvcHeartbeats.class).count).hasValue(3);
    }

    private double count(String path) throws Exception {
        HttpResponse<String> answer = send("GET", path, null, null);
        if (answer.statusCode() == 404) {
            return 0;
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        for (JsonNode measurement : JSON.readTree(answer.body()).get("measurements")) {
            if (measurement.get("statistic").asString().equals("COUNT")) {
                return measurement.get("value").asDouble();
            }
        }
        throw new AssertionError("no COUNT in " + answer.body());
    }

    /**
     * The same status, headers and body. Only the framing differs: the filter gives the body's length where
     * Spring MVC, which flushes the converter's stream, sends it chunked.
     */
    private static void assertSameAnswer(HttpResponse<String> fast, HttpResponse<String> viaMvc) {
        assertThat(fast.statusCode()).isEqualTo(viaMvc.statusCode());
        assertThat(headers(fast.headers())).isEqualTo(headers(viaMvc.headers()));
        assertThat(fast.body()).isEqualTo(viaMvc.body());
        assertThat(fast.headers().firstValueAsLong("content-length"))
                .hasValue(fast.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    /** Every header but the date, which differs between any two answers, and the framing. */
    private static Map<String, List<String>> headers(HttpHeaders headers) {
        Map<String, List<String>> all = new TreeMap<>(headers.map());
        all.remove("date");
        all.remove("content-length");
        all.remove("transfer-encoding");
        return all;
    }

    private HttpResponse<String> send(String method, String path, String body, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.uri() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Counts the heartbeats that reach the controller's handler method through Spring MVC. */
    static final class MvcHeartbeats implements HandlerInterceptor {

        final AtomicInteger count = new AtomicInteger();

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            if (handler instanceof HandlerMethod method && method.getMethod().getName().equals("heartbeat")) {
                count.incrementAndGet();
            }
            return true;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CountMvcHeartbeats implements WebMvcConfigurer {

        private final MvcHeartbeats heartbeats = new MvcHeartbeats();

        @Bean
        MvcHeartbeats mvcHeartbeats() {
            return heartbeats;
        }

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(heartbeats);
        }
    }
}
