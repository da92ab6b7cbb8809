package io.seedrpc.it;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import io.seedrpc.testing.TestPki;
import io.seedrpc.tls.TlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * TLS on the RPC port: one-way and mutual, the binary protocol, HTTP CONNECT and the debug page over TLS, and
 * each misconfiguration failing at once with the error a user acts on.
 */
@ExtendWith(NoLeakedThreads.class)
class TlsTest {

    /** Far longer than any failure here may take: an error that arrives this late was a timeout. */
    private static final Duration PATIENCE = Duration.ofSeconds(8);

    private final TestPki pki = TestPki.create("SeedRPC test CA");
    private final List<AutoCloseable> open = new ArrayList<>();

    @TempDir
    Path directory;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void oneWayTlsCarriesCallsTunnelsAndTheDebugPage() throws Exception {
        RpcServer server = server(TlsSettings.builder().keyManagers(pki.issue("server").keyManagers()).build());
        RpcClient client = client(TlsSettings.builder().trustManagers(pki.trustManagers()).build());

        assertThat(client.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port()).add(20, 22)).isEqualTo(42);
        assertThat(client.proxy(OrderService.class, "http://127.0.0.1:" + server.port()).echo("tunnelled"))
                .isEqualTo("tunnelled");

        SSLContext trusting = SSLContext.getInstance("TLS");
        trusting.init(null, pki.trustManagers().getTrustManagers(), null);
        HttpResponse<String> page = HttpClient.newBuilder().sslContext(trusting).build().send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/debug/rpc"))
                        .timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(OrderService.class.getName()).contains("add(int,int)");
    }

    @Test
    void pemFilesWorkLikeFactories() {
        TestPki.Issued issued = pki.issue("server");
        RpcServer server = server(TlsSettings.builder()
                .keyMaterial(issued.writeCertificatePem(directory.resolve("server.crt")),
                        issued.writeKeyPem(directory.resolve("server.key")))
                .protocols(List.of("TLSv1.3")).build());
        RpcClient client = client(TlsSettings.builder()
                .trustedCertificates(pki.writeCaPem(directory.resolve("ca.crt"))).build());

        assertThat(client.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port()).add(1, 2)).isEqualTo(3);
    }

    @Test
    void mutualTlsServesAClientWithACertificateAndRefusesOneWithout() {
        RpcServer server = server(TlsSettings.builder().keyManagers(pki.issue("server").keyManagers())
                .trustManagers(pki.trustManagers()).clientAuth(TlsSettings.ClientAuth.NEED).build());
        String address = "tcp://127.0.0.1:" + server.port();
        RpcClient withCertificate = client(TlsSettings.builder().trustManagers(pki.trustManagers())
                .keyManagers(pki.issue("client").keyManagers()).build());
        assertThat(withCertificate.proxy(OrderService.class, address).add(2, 3)).isEqualTo(5);

        RpcClient without = client(TlsSettings.builder().trustManagers(pki.trustManagers()).build());
        assertThat(failureOf(without, address)).hasMessageContaining(address)
                .hasMessageContaining("TLS handshake").hasMessageContaining("client certificates (mutual TLS)");

        TestPki otherCa = TestPki.create("Another CA");
        RpcClient foreign = client(TlsSettings.builder().trustManagers(pki.trustManagers())
                .keyManagers(otherCa.issue("client").keyManagers()).build());
        assertThat(failureOf(foreign, address)).hasMessageContaining(address).hasMessageContaining("TLS handshake");
    }

    @Test
    void aServerCertificateFromAnUntrustedCaIsRefusedNamingTheFix() {
        RpcServer server = server(TlsSettings.builder().keyManagers(pki.issue("server").keyManagers()).build());
        RpcClient client = client(TlsSettings.builder()
                .trustManagers(TestPki.create("Some other CA").trustManagers()).build());
        String address = "tcp://127.0.0.1:" + server.port();

        assertThat(failureOf(client, address)).hasMessageContaining("the TLS certificate of " + address)
                .hasMessageContaining("is not trusted by this client")
                .hasMessageContaining("add the CA that issued it to the client's trust material");
    }

    @Test
    void anExpiredServerCertificateIsRefusedNamingTheFix() {
        Instant now = Instant.now();
        RpcServer server = server(TlsSettings.builder().keyManagers(pki.issue("server",
                now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)), "127.0.0.1").keyManagers()).build());
        RpcClient client = client(TlsSettings.builder().trustManagers(pki.trustManagers()).build());
        String address = "tcp://127.0.0.1:" + server.port();

        assertThat(failureOf(client, address)).hasMessageContaining("the TLS certificate of " + address)
                .hasMessageContaining("has expired").hasMessageContaining("renew the server's certificate");
    }

    @Test
    void aCertificateForAnotherHostIsRefusedNamingTheHost() {
        Instant now = Instant.now();
        RpcServer server = server(TlsSettings.builder().keyManagers(pki.issue("server",
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)), "orders.example.com").keyManagers())
                .build());
        String address = "tcp://127.0.0.1:" + server.port();

        RpcClient client = client(TlsSettings.builder().trustManagers(pki.trustManagers()).build());
        assertThat(failureOf(client, address)).hasMessageContaining("the TLS certificate of " + address)
                .hasMessageContaining("does not match the host name")
                .hasMessageContaining("127.0.0.1 as a subject alternative name");

        RpcClient notChecking = client(TlsSettings.builder().trustManagers(pki.trustManagers())
                .verifyHostname(false).build());
        assertThat(notChecking.proxy(OrderService.class, address).add(1, 1)).isEqualTo(2);
    }

    @Test
    void aPlaintextClientOnATlsPortIsToldTlsIsExpected() {
        RpcServer server = server(TlsSettings.builder().keyManagers(pki.issue("server").keyManagers()).build());
        RpcClient plaintext = client(null);
        String address = "tcp://127.0.0.1:" + server.port();

        assertThat(failureOf(plaintext, address)).hasMessageContaining(address)
                .hasMessageContaining("this server expects TLS on this port");
        RpcException tunnelled = failureOf(plaintext, "http://127.0.0.1:" + server.port());
        assertThat(tunnelled).hasMessageContaining("400 TLS Required");
    }

    @Test
    void aTlsClientOnAPlaintextPortIsToldTlsIsNotExpected() {
        RpcServer server = server(null);
        RpcClient client = client(TlsSettings.builder().trustManagers(pki.trustManagers()).build());
        String address = "tcp://127.0.0.1:" + server.port();

        assertThat(failureOf(client, address)).hasMessageContaining(address)
                .hasMessageContaining("TLS was not expected on that port");
        assertThat(client(null).proxy(OrderService.class, address).add(1, 1)).as("the server still serves")
                .isEqualTo(2);
    }

    @Test
    void plaintextHttpAndGarbageOnATlsPortAreRefusedAndTheServerGoesOn() throws Exception {
        RpcServer server = server(TlsSettings.builder().keyManagers(pki.issue("server").keyManagers()).build());

        assertThat(exchange(server.port(), "GET /debug/rpc HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                .startsWith("HTTP/1.1 400 TLS Required").contains("expects TLS");
        // A TLS record header followed by garbage: the TLS layer refuses it and closes this one connection.
        assertThat(exchange(server.port(), new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5, 6, 7, 8}))
                .doesNotContain("HTTP");

        RpcClient client = client(TlsSettings.builder().trustManagers(pki.trustManagers()).build());
        assertThat(client.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port()).add(4, 4)).isEqualTo(8);
    }

    @Test
    void aClientThatStallsInTheTlsHandshakeIsClosedAtTheHandshakeTimeout() throws Exception {
        RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).unfinishedHandshakeTimeout(Duration.ofMillis(300))
                .tls(TlsSettings.builder().keyManagers(pki.issue("server").keyManagers()).build()).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
        open.add(server);
        long start = System.nanoTime();
        // A TLS record header announcing 80 bytes, then nothing: TLS must not wait for the rest forever.
        assertThat(exchange(server.port(), new byte[] {0x16, 0x03, 0x01, 0x00, 0x50})).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PATIENCE.dividedBy(2));
    }

    @Test
    void aServerWithoutKeyMaterialIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> RpcServer.builder().tls(TlsSettings.builder().trustManagers(pki.trustManagers())
                .build()).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS on a server needs key material");
    }

    private RpcServer server(TlsSettings tls) {
        RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).tls(tls).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
        open.add(server);
        return server;
    }

    private RpcClient client(TlsSettings tls) {
        RpcClient client = RpcClient.builder().tls(tls).callTimeout(PATIENCE).connectTimeout(PATIENCE)
                .handshakeTimeout(PATIENCE).build();
        open.add(client);
        return client;
    }

    /** The error of one call, which must come well before any timeout could have fired. */
    private static RpcException failureOf(RpcClient client, String address) {
        long start = System.nanoTime();
        RpcException failure = catchThrowableOfType(RpcException.class,
                () -> client.proxy(OrderService.class, address).add(1, 1));
        assertThat(failure).as("the call failed").isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("failed at once, not by a timeout")
                .isLessThan(PATIENCE.dividedBy(2));
        assertThat(failure.status()).isEqualTo(StatusCode.CONNECTION_ERROR);
        return failure;
    }

    /** Sends {@code request} on a raw socket and reads what comes back until the server closes. */
    private static String exchange(int port, byte[] request) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) PATIENCE.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
