package io.seedrpc.it;

import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The same port answers HTTP CONNECT tunnels and the debug page. */
@ExtendWith(NoLeakedThreads.class)
class HttpTest {

    private static RpcServer server;

    @BeforeAll
    static void start() {
        server = RpcServer.builder().host("127.0.0.1").port(0).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void callsTravelThroughAnHttpConnectTunnel() throws Exception {
        try (RecordingRelay relay = new RecordingRelay(server.port())) {
            callThrough("http://127.0.0.1:" + relay.port());
            // A client that ignored http:// and spoke the binary protocol at once would have made the same calls:
            // what it sent first shows the tunnel.
            assertThat(relay.openings()).as("what each connection sent first").singleElement().asString()
                    .startsWith("CONNECT 127.0.0.1:" + relay.port() + " HTTP/1.1\r\n");
        }
    }

    @Test
    void aTcpAddressSpeaksTheBinaryProtocolWithoutATunnel() throws Exception {
        try (RecordingRelay relay = new RecordingRelay(server.port())) {
            callThrough("tcp://127.0.0.1:" + relay.port());
            assertThat(relay.openings()).singleElement().satisfies(opening -> assertThat(
                    opening.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith(RawConnection.preface()));
        }
    }

    private static void callThrough(String address) {
        try (RpcClient client = RpcClient.builder().build()) {
            OrderService orders = client.proxy(OrderService.class, address);
            assertThat(orders.add(20, 22)).isEqualTo(42);
            assertThat(orders.listOrders(2)).hasSize(2);
        }
    }

    @Test
    void debugPageListsServicesMethodsAndCounts() throws Exception {
        try (RpcClient client = RpcClient.builder().build()) {
            OrderService orders = client.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port());
            for (int i = 0; i < 3; i++) {
                orders.echo("x");
            }
            try {
                orders.crash("boom");
            } catch (RuntimeException expected) {
                // counted as an error on the page
            }
        }
        HttpResponse<String> page = get("/debug/rpc");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("text/html"));
        assertThat(page.body())
                .contains(OrderService.class.getName())
                .contains("<td>echo(java.lang.String)</td><td>3</td><td>0</td>")
                .contains("<td>crash(java.lang.String)</td><td>1</td><td>1</td>")
                .contains("p99");
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/debug/rpc"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
