package io.seedrpc.it;

import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import io.seedrpc.testing.TestPki;
import io.seedrpc.tls.TlsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** On a TLS port, JSON calls and the description are served over HTTPS, and plain HTTP is refused. */
@ExtendWith(NoLeakedThreads.class)
class HttpOverTlsTest {

    @Test
    void jsonCallsAndTheDescriptionTravelOverHttps() throws Exception {
        TestPki pki = TestPki.create("SeedRPC HTTP test CA");
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0)
                .tls(TlsSettings.builder().keyManagers(pki.issue("server").keyManagers()).build()).build()
                .addService(OrderService.class, new OrderServiceImpl()).start()) {
            SSLContext trusting = SSLContext.getInstance("TLS");
            trusting.init(null, pki.trustManagers().getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting).build();
            String base = "https://127.0.0.1:" + server.port();

            HttpResponse<String> call = https.send(HttpRequest.newBuilder(
                            URI.create(base + "/rpc/" + OrderService.class.getName() + "/echo"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"value\": \"secret\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(call.statusCode()).isEqualTo(200);
            assertThat(call.body()).isEqualTo("\"secret\"");

            HttpResponse<String> description = https.send(HttpRequest.newBuilder(URI.create(base + "/rpc"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(description.body()).contains(OrderService.class.getName());

            HttpResponse<String> plain = new JsonHttp(server.port()).call(OrderService.class.getName(), "echo",
                    "[\"in the clear\"]");
            assertThat(plain.statusCode()).isEqualTo(400);
            assertThat(plain.body()).contains("expects TLS");
        }
    }
}
