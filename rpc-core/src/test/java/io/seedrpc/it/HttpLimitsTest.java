package io.seedrpc.it;

import io.seedrpc.RpcException;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** HTTP calls under the server's settings: its worker limit, its frame limit, its auth token, HTTP turned off. */
@ExtendWith(NoLeakedThreads.class)
class HttpLimitsTest {

    private static final String ORDERS = OrderService.class.getName();

    private static RpcServer.Builder server() {
        return RpcServer.builder().host("127.0.0.1").port(0);
    }

    @Test
    void aBusyServerAnswers503WithRetryAfter() throws Exception {
        try (RpcServer server = server().workerThreads(1).workerQueueCapacity(0).build()
                .addService(OrderService.class, new OrderServiceImpl()).start()) {
            JsonHttp http = new JsonHttp(server.port());
            CompletableFuture<HttpResponse<String>> sleeping = http.callAsync(ORDERS, "sleep", "[1500]");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.callsInFlight() == 1);

            HttpResponse<String> busy = new JsonHttp(server.port()).call(ORDERS, "echo", "[\"x\"]");

            assertThat(busy.statusCode()).isEqualTo(503);
            assertThat(busy.headers().firstValue("retry-after")).hasValue("1");
            assertThat(JsonHttp.error(busy)).containsEntry("status", "SERVER_BUSY");
            assertThat(sleeping.get(10, TimeUnit.SECONDS).body()).isEqualTo("\"slept 1500\"");
        }
    }

    @Test
    void aBodyOverTheFrameLimitIs413AndTheClientGoesOn() throws Exception {
        try (RpcServer server = server().maxFrameSize(1024).build()
                .addService(OrderService.class, new OrderServiceImpl()).start()) {
            JsonHttp http = new JsonHttp(server.port());

            HttpResponse<String> tooLarge = http.call(ORDERS, "echo", "[\"" + "x".repeat(5000) + "\"]");

            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(JsonHttp.error(tooLarge)).containsEntry("status", "BAD_REQUEST");
            assertThat(JsonHttp.error(tooLarge).get("message")).contains("over this server's limit of 1024 bytes");
            assertThat(http.call(ORDERS, "echo", "[\"" + "x".repeat(900) + "\"]").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withAnAuthTokenCallsTheDescriptionAndTheDebugPageNeedTheBearerToken() throws Exception {
        try (RpcServer server = server().authToken("s3cret").build()
                .addService(OrderService.class, new OrderServiceImpl()).start()) {
            JsonHttp http = new JsonHttp(server.port());

            HttpResponse<String> anonymous = http.call(ORDERS, "echo", "[\"x\"]");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("www-authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Bearer"));
            assertThat(JsonHttp.error(anonymous)).containsEntry("status", "UNAUTHORIZED");
            assertThat(JsonHttp.error(anonymous).get("message")).contains("Authorization: Bearer");
            assertThat(http.get("/rpc").statusCode()).isEqualTo(401);
            assertThat(http.get("/rpc").body()).doesNotContain(ORDERS);
            assertThat(http.get("/debug/rpc").statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = http.call(ORDERS, "echo", "[\"x\"]", "Authorization", "Bearer guess");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(JsonHttp.error(wrong).get("message")).contains("wrong");

            assertThat(http.call(ORDERS, "echo", "[\"x\"]", "Authorization", "Bearer s3cret").body())
                    .isEqualTo("\"x\"");
            assertThat(http.get("/rpc", "Authorization", "Bearer s3cret").body()).contains(ORDERS);
            assertThat(http.get("/debug/rpc", "Authorization", "bearer s3cret").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withHttpTurnedOffThePortSpeaksOnlyTheBinaryProtocol() throws Exception {
        try (RpcServer server = server().http(false).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
             RpcClient client = RpcClient.builder().callTimeout(Duration.ofSeconds(3)).build()) {
            JsonHttp http = new JsonHttp(server.port());

            for (String path : new String[] {"/rpc", "/debug/rpc"}) {
                HttpResponse<String> response = http.get(path);
                assertThat(response.statusCode()).as(path).isEqualTo(404);
                assertThat(response.body()).as(path).contains("HTTP is turned off");
            }
            assertThat(http.call(ORDERS, "echo", "[\"x\"]").statusCode()).isEqualTo(404);
            OrderService tunnelled = client.proxy(OrderService.class, "http://127.0.0.1:" + server.port());
            assertThatThrownBy(() -> tunnelled.echo("x")).isInstanceOf(RpcException.class)
                    .hasMessageContaining("404");
            assertThat(client.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port()).echo("binary"))
                    .isEqualTo("binary");
        }
    }

    @Test
    void aKeptAliveConnectionLeftIdleIsClosedAtTheIdleTimeout() throws Exception {
        try (RpcServer server = server().silentConnectionTimeout(Duration.ofMillis(500)).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
             RawHttp raw = new RawHttp(server.port())) {
            raw.send(RawHttp.call("/rpc/" + ORDERS + "/echo", "[\"x\"]"));
            RawHttp.Response answer = raw.read();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.headers()).doesNotContainEntry("connection", "close");

            assertThat(raw.isClosedByServer()).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 0);
        }
    }
}
