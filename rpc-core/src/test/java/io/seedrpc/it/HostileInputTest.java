package io.seedrpc.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes no honest client sends. Each case closes that one connection (with a log line) and the server keeps
 * serving everyone else.
 */
@ExtendWith(NoLeakedThreads.class)
class HostileInputTest {

    private static final int MAX_FRAME = 64 * 1024;
    private static final String SERVICE = OrderService.class.getName();

    private RpcServer server;
    private RpcClient client;
    private OrderService orders;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void start() {
        server = RpcServer.builder().host("127.0.0.1").port(0).maxFrameSize(MAX_FRAME)
                .unfinishedHandshakeTimeout(Duration.ofMillis(500)).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
        client = RpcClient.builder().build();
        orders = client.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port());
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger("io.seedrpc.transport")).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("io.seedrpc.transport")).detachAppender(logs);
        client.close();
        server.close();
    }

    private void assertStillServing() {
        assertThat(orders.add(20, 22)).isEqualTo(42);
    }

    private boolean loggedAClosedConnection() {
        return logs.list.stream().anyMatch(e -> e.getLevel().toString().equals("WARN")
                && e.getFormattedMessage().startsWith("Closing connection from"));
    }

    @Test
    void randomBytesCloseTheConnection() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[1 + random.nextInt(2048)];
            random.nextBytes(garbage);
            garbage[0] = (byte) 0x01;  // never an upper-case letter, never the magic
            try (RawConnection raw = new RawConnection(server.port())) {
                raw.send(garbage);
                assertThat(raw.closedByServer()).isTrue();
                assertThat(loggedAClosedConnection()).isTrue();
            }
        }
        assertStillServing();
    }

    @Test
    void garbageAfterAValidHandshakeClosesTheConnection() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            try (RawConnection raw = new RawConnection(server.port())) {
                assertThat(raw.handshake(1, null).accepted()).isTrue();
                byte[] garbage = new byte[1 + random.nextInt(512)];
                random.nextBytes(garbage);
                raw.send(garbage);
                // Either the garbage parses as a frame the server rejects, or as a length it waits for: in both
                // cases it must not answer with anything but a close or silence, and must go on serving.
                raw.closedByServer();
            }
        }
        assertStillServing();
    }

    @Test
    void wrongMagicClosesTheConnection() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 1, 0, 0, 0});
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("0xcafebabe"));
        assertStillServing();
    }

    @Test
    void unsupportedVersionIsRejectedWithAReason() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(new byte[] {0x5E, (byte) 0xED, (byte) 0xC0, (byte) 0xDE, 9});
            RawConnection.Frame answer = raw.read();
            assertThat(answer.type()).isEqualTo(FrameType.HANDSHAKE_RESULT);
            assertThat(answer.accepted()).isFalse();
            assertThat(answer.rejection()).contains("unsupported protocol version 9");
            assertThat(raw.closedByServer()).isTrue();
        }
        assertStillServing();
    }

    @Test
    void lengthPrefixOverTheMaximumIsRefusedBeforeAllocating() throws Exception {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long usedBefore = runtime.totalMemory() - runtime.freeMemory();
        for (int i = 0; i < 200; i++) {
            try (RawConnection raw = new RawConnection(server.port())) {
                assertThat(raw.handshake(1, null).accepted()).isTrue();
                raw.send(RawConnection.payload(d -> {
                    d.writeInt(Integer.MAX_VALUE);
                    d.writeByte(FrameType.REQUEST.code());
                }));
                assertThat(raw.closedByServer()).isTrue();
            }
        }
        System.gc();
        long grown = runtime.totalMemory() - runtime.freeMemory() - usedBefore;
        assertThat(grown).as("heap growth after 200 oversized frames").isLessThan(64L * 1024 * 1024);
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("over the limit of " + MAX_FRAME));
        assertStillServing();
    }

    @Test
    void truncatedFramesNeverReachTheDispatcher() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.handshake(1, null).accepted()).isTrue();
            // A complete frame whose payload stops inside the request id.
            raw.send(RawConnection.frame(FrameType.REQUEST, new byte[] {0, 0, 1}));
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("truncated frame"));
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.handshake(1, null).accepted()).isTrue();
            // A frame announced at 100 bytes of which only 10 arrive before the client goes away.
            raw.send(RawConnection.payload(d -> {
                d.writeInt(100);
                d.write(new byte[10]);
            }));
        }
        assertStillServing();
    }

    @Test
    void aClientThatNeverFinishesItsHandshakeIsDisconnected() throws Exception {
        try (RawConnection silent = new RawConnection(server.port());
             RawConnection halfway = new RawConnection(server.port())) {
            halfway.send(RawConnection.preface());
            assertThat(silent.closedByServer()).isTrue();
            assertThat(halfway.closedByServer()).isTrue();
        }
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("no completed handshake within 500 ms"));
        assertStillServing();
    }

    @Test
    void aRequestBeforeTheHandshakeClosesTheConnection() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(RawConnection.preface());
            raw.send(RawConnection.request(1, SERVICE, "add(int,int)", "[1,2]".getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.closedByServer()).isTrue();
        }
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("REQUEST frame before the handshake"));
        assertStillServing();
    }

    @Test
    void wrongArgumentCountIsABadRequestNamingTheMethod() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.handshake(2, null).accepted()).isTrue();
            raw.send(RawConnection.request(7, SERVICE, "add(int,int)", "[1,2,3]".getBytes(StandardCharsets.UTF_8)));
            RawConnection.Frame answer = raw.read();
            assertThat(answer.status()).isEqualTo(StatusCode.BAD_REQUEST.wireValue());
            assertThat(answer.errorMessage()).contains(SERVICE + ".add(int,int)").contains("argument");
            // The connection survives a bad request: it was well-framed.
            raw.send(RawConnection.request(8, SERVICE, "add(int,int)", "[1,2]".getBytes(StandardCharsets.UTF_8)));
            RawConnection.Frame ok = raw.read();
            assertThat(ok.status()).isEqualTo(StatusCode.OK.wireValue());
        }
    }

    @Test
    void aRequestSplitIntoSingleBytesOrGluedToTheNextIsDecodedExactly() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.handshake(2, null).accepted()).isTrue();
            byte[] first = RawConnection.request(1, SERVICE, "add(int,int)", "[40,2]".getBytes(StandardCharsets.UTF_8));
            for (byte b : first) {
                raw.send(new byte[] {b});
            }
            assertThat(new String(raw.read().payload(), 9, 2, StandardCharsets.UTF_8)).isEqualTo("42");
            byte[] second = RawConnection.request(2, SERVICE, "add(int,int)", "[1,1]".getBytes(StandardCharsets.UTF_8));
            byte[] third = RawConnection.request(3, SERVICE, "add(int,int)", "[2,2]".getBytes(StandardCharsets.UTF_8));
            byte[] glued = new byte[second.length + third.length];
            System.arraycopy(second, 0, glued, 0, second.length);
            System.arraycopy(third, 0, glued, second.length, third.length);
            raw.send(glued);
            RawConnection.Frame a = raw.read();
            RawConnection.Frame b = raw.read();
            assertThat(a.data().readLong() + b.data().readLong()).isEqualTo(5);
        }
    }

    @Test
    void wrongAuthTokenIsRejectedWithAReason() throws Exception {
        try (RpcServer guarded = RpcServer.builder().host("127.0.0.1").port(0).authToken("s3cret").build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
             RawConnection raw = new RawConnection(guarded.port())) {
            RawConnection.Frame answer = raw.handshake(1, "guess");
            assertThat(answer.accepted()).isFalse();
            assertThat(answer.rejection()).contains("unauthorized");
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void argumentsNestedTenThousandsDeepAreABadRequestAndTheConnectionGoesOn() throws Exception {
        int depth = 30_000;
        String nested = "[" + "[".repeat(depth) + "]".repeat(depth) + "]";
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.handshake(2, null).accepted()).isTrue();
            raw.send(RawConnection.request(1, SERVICE, "totals(java.util.List)", nested.getBytes(StandardCharsets.UTF_8)));
            RawConnection.Frame answer = raw.read();
            assertThat(answer.status()).isEqualTo(StatusCode.BAD_REQUEST.wireValue());
            assertThat(answer.errorMessage()).contains("totals(java.util.List)");
            raw.send(RawConnection.request(2, SERVICE, "add(int,int)", "[1,2]".getBytes(StandardCharsets.UTF_8)));
            assertThat(raw.read().status()).isEqualTo(StatusCode.OK.wireValue());
        }
        assertStillServing();
    }

    @Test
    void aDuplicateRequestIdIsRefusedAndTheFirstCallStillAnswers() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.handshake(2, null).accepted()).isTrue();
            byte[] slow = RawConnection.request(5, SERVICE, "sleep(long)", "[300]".getBytes(StandardCharsets.UTF_8));
            raw.send(slow);
            raw.send(slow);
            RawConnection.Frame refused = raw.read();
            assertThat(refused.status()).isEqualTo(StatusCode.BAD_REQUEST.wireValue());
            assertThat(refused.errorMessage()).contains("request id 5 is already in flight");
            RawConnection.Frame answered = raw.read();
            assertThat(answered.data().readLong()).isEqualTo(5);
            assertThat(answered.status()).isEqualTo(StatusCode.OK.wireValue());
        }
    }

    @Test
    void aFloodOfCancelsForCallsThatDoNotExistChangesNothing() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.handshake(2, null).accepted()).isTrue();
            java.io.ByteArrayOutputStream cancels = new java.io.ByteArrayOutputStream();
            for (long id = 1; id <= 50_000; id++) {
                long cancelled = id;
                cancels.write(RawConnection.frame(FrameType.CANCEL, RawConnection.payload(d -> d.writeLong(cancelled))));
            }
            raw.send(cancels.toByteArray());
            raw.send(RawConnection.request(50_001, SERVICE, "add(int,int)", "[2,3]".getBytes(StandardCharsets.UTF_8)));
            RawConnection.Frame answer = raw.read();
            assertThat(answer.data().readLong()).isEqualTo(50_001);
            assertThat(answer.status()).isEqualTo(StatusCode.OK.wireValue());
        }
        assertThat(server.callsInFlight()).isZero();
    }

    @Test
    void tokensThatMerelyResembleTheRightOneAreRejected() throws Exception {
        try (RpcServer guarded = RpcServer.builder().host("127.0.0.1").port(0).authToken("s3cret").build()
                .addService(OrderService.class, new OrderServiceImpl()).start()) {
            for (String attempt : new String[] {"", "S3CRET", "s3cre", "s3cret ", "s3cret\u0000", " s3cret", "s3cret2"}) {
                try (RawConnection raw = new RawConnection(guarded.port())) {
                    RawConnection.Frame answer = raw.handshake(1, attempt);
                    assertThat(answer.accepted()).as("token '%s'", attempt).isFalse();
                    assertThat(raw.closedByServer()).isTrue();
                }
            }
            try (RawConnection raw = new RawConnection(guarded.port())) {
                assertThat(raw.handshake(1, "s3cret").accepted()).isTrue();
            }
        }
    }
}
