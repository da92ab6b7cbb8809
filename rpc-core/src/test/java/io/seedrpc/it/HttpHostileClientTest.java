package io.seedrpc.it;

import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile clients of the HTTP side, on bare sockets: malformed, oversized, slow, pipelining too much. Each gets a
 * clear 4xx; a connection whose stream can still be trusted stays usable, and the server always serves the next
 * client.
 */
@ExtendWith(NoLeakedThreads.class)
class HttpHostileClientTest {

    private static final String ECHO = "/rpc/" + OrderService.class.getName() + "/echo";
    private static final String SLEEP = "/rpc/" + OrderService.class.getName() + "/sleep";
    private static final long REQUEST_DEADLINE_MILLIS = 700;

    private static final OrderServiceImpl impl = new OrderServiceImpl();
    private static RpcServer server;

    @BeforeAll
    static void start() {
        server = RpcServer.builder().host("127.0.0.1").port(0)
                .maxFrameSize(1024)
                .unfinishedHandshakeTimeout(Duration.ofMillis(REQUEST_DEADLINE_MILLIS))
                .build()
                .addService(OrderService.class, impl)
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void theServerStillServesAFreshClient() throws Exception {
        assertThat(new JsonHttp(server.port()).call(OrderService.class.getName(), "echo", "[\"still here\"]").body())
                .isEqualTo("\"still here\"");
    }

    @Test
    void malformedJsonIsA400AndTheSameConnectionServesTheNextCall() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(RawHttp.call(ECHO, "[\"no end"));
            RawHttp.Response bad = raw.read();
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("\"status\":\"BAD_REQUEST\"");

            raw.send(RawHttp.call(ECHO, "[\"fine\"]"));
            assertThat(raw.read().body()).isEqualTo("\"fine\"");
        }
    }

    @Test
    void aBodyOverTheFrameLimitIs413AndItsBytesAreDroppedNotBuffered() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            String big = "[\"" + "x".repeat(5000) + "\"]";
            raw.send(RawHttp.call(ECHO, big));
            RawHttp.Response tooLarge = raw.read();
            assertThat(tooLarge.status()).isEqualTo(413);
            assertThat(tooLarge.body()).contains("over this server's limit of 1024 bytes");

            raw.send(RawHttp.call(ECHO, "[\"after\"]"));
            assertThat(raw.read().body()).isEqualTo("\"after\"");
        }
    }

    @Test
    void aChunkedBodyGrowingPastTheLimitIs413() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            StringBuilder request = new StringBuilder("POST " + ECHO + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 6; i++) {
                request.append("200\r\n").append("y".repeat(0x200)).append("\r\n");
            }
            request.append("0\r\n\r\n");
            raw.send(request.toString());
            assertThat(raw.read().status()).isEqualTo(413);

            raw.send(RawHttp.call(ECHO, "[\"after chunks\"]"));
            assertThat(raw.read().body()).isEqualTo("\"after chunks\"");
        }
    }

    @Test
    void aMalformedChunkIs400AndTheConnectionCloses() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("POST " + ECHO + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n4\r\n[\"a\"\r\nzz\r\n");
            RawHttp.Response response = raw.read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).contains("malformed HTTP body");
            assertThat(raw.isClosedByServer()).isTrue();
        }
    }

    @Test
    void expectContinueIsAnsweredAndOverTheLimitRefusedAtOnce() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("POST " + ECHO + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 7\r\nExpect: 100-continue\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(100);
            raw.send("[\"go\"]\n");
            assertThat(raw.read().body()).isEqualTo("\"go\"");
        }
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("POST " + ECHO + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000000\r\nExpect: 100-continue\r\n\r\n");
            RawHttp.Response refused = raw.read();
            assertThat(refused.status()).isEqualTo(413);
            assertThat(refused.headers()).containsEntry("connection", "close");
            assertThat(raw.isClosedByServer()).isTrue();
        }
    }

    @Test
    void hugeHeadersAre431AndTheConnectionCloses() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET /rpc HTTP/1.1\r\nHost: x\r\nX-Junk: " + "j".repeat(20_000) + "\r\n\r\n");
            RawHttp.Response response = raw.read();
            assertThat(response.status()).isEqualTo(431);
            assertThat(response.body()).contains("malformed HTTP request");
            assertThat(raw.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aHugeRequestLineIs414() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET /" + "p".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(414);
            assertThat(raw.isClosedByServer()).isTrue();
        }
    }

    @Test
    void garbageThatStartsLikeAnHttpMethodIs400AndClosed() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("BLAH\u0001\u0002\u0003 nonsense\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(400);
            assertThat(raw.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aSlowUploadIsCutOffWith408AtTheRequestDeadline() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            long start = System.nanoTime();
            raw.send("POST " + ECHO + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n[\"only a few");
            RawHttp.Response response = raw.read();
            assertThat(response.status()).isEqualTo(408);
            assertThat(response.body()).contains("did not arrive within " + REQUEST_DEADLINE_MILLIS + " ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(raw.isClosedByServer()).isTrue();
        }
    }

    @Test
    void slowHeadersOnAKeptAliveConnectionAreCutOffToo() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(RawHttp.call(ECHO, "[\"first\"]"));
            assertThat(raw.read().status()).isEqualTo(200);

            raw.send("POST " + ECHO + " HTTP/1.1\r\nHost: x\r\n");
            assertThat(raw.read().status()).isEqualTo(408);
            assertThat(raw.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aClientHangingUpCancelsItsCallAndInterruptsItsThread() throws Exception {
        impl.sleepOutcomes.clear();
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(RawHttp.call(SLEEP, "[10000]"));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.callsInFlight() == 1);
        }
        assertThat(impl.sleepOutcomes.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("interrupted");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.callsInFlight() == 0);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(RawHttp.call(SLEEP, "[300]") + RawHttp.call(ECHO, "[\"second\"]")
                    + "GET /rpc HTTP/1.1\r\nHost: x\r\n\r\n" + RawHttp.call(ECHO, "[\"fourth\"]"));

            assertThat(raw.read().body()).isEqualTo("\"slept 300\"");
            assertThat(raw.read().body()).isEqualTo("\"second\"");
            assertThat(raw.read().body()).contains("\"services\"");
            assertThat(raw.read().body()).isEqualTo("\"fourth\"");
        }
    }

    @Test
    void aClientPipeliningMoreThanTheBoundIsDisconnected() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            StringBuilder burst = new StringBuilder(RawHttp.call(SLEEP, "[300]"));
            for (int i = 0; i < 40; i++) {
                burst.append(RawHttp.call(ECHO, "[\"" + i + "\"]"));
            }
            raw.send(burst.toString());
            assertThat(raw.isClosedByServer()).isTrue();
        }
    }

    @Test
    void aClientThatNeverReadsItsAnswersStopsBeingReadInsteadOfFillingTheServersMemory() throws Exception {
        String bigAnswer = "/rpc/" + OrderService.class.getName() + "/listOrders";
        int sent = 16;
        try (RawHttp raw = new RawHttp(server.port())) {
            long before = callsOf("listOrders(int)");
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < sent; i++) {
                requests.append(RawHttp.call(bigAnswer, "[8000]")); // about 2 MB of JSON each
            }
            raw.send(requests.toString());

            // Answers fill the socket buffers, then the server's write buffer: it must stop there, not run all 16.
            long[] last = {-1};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                long now = callsOf("listOrders(int)") - before;
                boolean settled = now > 0 && now == last[0];
                last[0] = now;
                return settled;
            });
            assertThat(last[0]).as("calls run for a client reading none of its answers").isLessThan(sent);

            for (int i = 0; i < sent; i++) {
                RawHttp.Response answer = raw.read();
                assertThat(answer.status()).as("answer %d", i).isEqualTo(200);
                assertThat(answer.body()).startsWith("[{\"id\":0,");
            }
            assertThat(callsOf("listOrders(int)") - before).isEqualTo(sent);
        }
    }

    private static long callsOf(String methodKey) {
        return server.stats().stream().filter(s -> s.methodKey().equals(methodKey))
                .mapToLong(io.seedrpc.server.MethodStatsSnapshot::calls).sum();
    }
}
