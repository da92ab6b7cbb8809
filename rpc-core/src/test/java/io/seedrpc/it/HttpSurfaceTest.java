package io.seedrpc.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP side of the RPC port under a hostile client: with a token, every HTTP endpoint wants it and reveals
 * nothing without it; after {@code CONNECT} only the binary protocol is accepted, and anything else closes the
 * connection at once with one WARN line and no exception left for Netty's pipeline tail.
 */
@ExtendWith(NoLeakedThreads.class)
class HttpSurfaceTest {

    private static final String TOKEN = "s3cret-token";

    private RpcServer server;
    private ListAppender<ILoggingEvent> logs;
    private final List<Logger> watched = List.of((Logger) LoggerFactory.getLogger("io.seedrpc"),
            (Logger) LoggerFactory.getLogger("io.netty"));

    @BeforeEach
    void start() {
        server = RpcServer.builder().host("127.0.0.1").port(0).authToken(TOKEN).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
        logs = new ListAppender<>();
        logs.start();
        watched.forEach(logger -> logger.addAppender(logs));
    }

    @AfterEach
    void stop() {
        watched.forEach(logger -> logger.detachAppender(logs));
        server.close();
    }

    @Test
    void theDebugPageNeedsTheBearerTokenAndRevealsNothingWithoutIt() throws Exception {
        for (String authorization : new String[] {null, "Bearer wrong", "Basic czNjcmV0LXRva2Vu", "Bearer"}) {
            HttpResponse<String> refused = get("/debug/rpc", authorization);
            assertThat(refused.statusCode()).as("with Authorization: %s", authorization).isEqualTo(401);
            assertThat(refused.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"seedrpc\"");
            // It says what is missing and nothing about what the port serves.
            assertThat(refused.body()).contains("UNAUTHORIZED").doesNotContain(OrderService.class.getName())
                    .doesNotContain("debug").doesNotContain("/rpc");
        }
        // Other paths say no more than the debug page: no 404 telling what exists.
        assertThat(get("/", null).statusCode()).isEqualTo(401);
        assertThat(get("/debug/rpc", "Bearer " + TOKEN).body()).contains(OrderService.class.getName());
    }

    @Test
    void curlSeesTheSameAsAnyClient() throws Exception {
        String url = "http://127.0.0.1:" + server.port() + "/debug/rpc";
        assertThat(curl("-s", "-o", "/dev/null", "-w", "%{http_code}", url)).isEqualTo("401");
        assertThat(curl("-s", "-H", "Authorization: Bearer " + TOKEN, url)).contains(OrderService.class.getName());
    }

    @Test
    void tunnelledCallsNeedTheTokenInTheHandshakeAndWorkWithIt() {
        try (RpcClient client = RpcClient.builder().authToken(TOKEN).build()) {
            assertThat(client.proxy(OrderService.class, "http://127.0.0.1:" + server.port()).add(2, 3)).isEqualTo(5);
        }
    }

    @Test
    void anHttpRequestInsideAConnectTunnelClosesTheConnectionAtOnce() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200 Connection established");
            send(socket, "GET /debug/rpc HTTP/1.1\r\nHost: x\r\n\r\n");
            assertClosedQuickly(socket);
        }
        assertOneWarningAndNothingAtThePipelineTail();
    }

    @Test
    void aSecondRequestPipelinedBehindConnectClosesTheConnectionAtOnce() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "CONNECT 127.0.0.1:" + server.port() + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertClosedQuickly(socket);
        }
        assertOneWarningAndNothingAtThePipelineTail();
    }

    private void assertOneWarningAndNothingAtThePipelineTail() {
        List<ILoggingEvent> warnings = logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .toList();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage())
                .contains("only the SeedRPC binary protocol may follow HTTP CONNECT");
        assertThat(logs.list).noneMatch(e -> e.getLoggerName().startsWith("io.netty.channel.DefaultChannelPipeline"));
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The server closes within 2 s (the handshake timeout, 10 s, is not what ends it). */
    private static void assertClosedQuickly(Socket socket) throws IOException {
        long start = System.nanoTime();
        try {
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[1024];
            while (in.read(sink) >= 0) {
                // discard the CONNECT answers
            }
        } catch (SocketException reset) {
            // closed as well
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(5)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("curl", "--max-time", "5"));
        command.addAll(List.of(args));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
