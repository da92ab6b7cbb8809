package io.seedrpc.it;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import io.seedrpc.testing.TestPki;
import io.seedrpc.tls.TlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A rejected handshake carries a code after its reason (docs/protocol.md, "Handshake rejections"): clients decide on
 * the code, and peers from before the codes — a version-2 client that reads three fields here, a version-1 client
 * in {@code MetadataTest} — still read the frame as they always did.
 */
@ExtendWith(NoLeakedThreads.class)
class HandshakeRejectionTest {

    private static final String TOKEN = "s3cret";
    private static final int UNAUTHORIZED = 1;
    private static final int UNSUPPORTED_CODEC = 2;
    private static final int TLS_REQUIRED = 5;

    private RpcServer server;

    @BeforeEach
    void start() {
        server = RpcServer.builder().host("127.0.0.1").port(0).authToken(TOKEN).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aWrongTokenIsRefusedWithTheUnauthorizedCodeRightAfterTheReason() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            RawConnection.Frame answer = raw.handshake(2, "guess");
            assertThat(answer.type()).isEqualTo(FrameType.HANDSHAKE_RESULT);
            assertThat(answer.accepted()).isFalse();
            assertThat(answer.rejection()).isEqualTo("unauthorized: the handshake's auth token is wrong");
            assertThat(answer.rejectionCode()).isEqualTo(UNAUTHORIZED);
            // accepted (1) + maxFrameSize (4) + reason (2 + its bytes) + code (1): nothing else follows.
            assertThat(answer.payload()).hasSize(1 + 4 + 2 + answer.rejection().length() + 1);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    @Test
    void aCodecTheServerDoesNotSpeakIsRefusedWithItsOwnCode() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            RawConnection.Frame answer = raw.handshake(99, TOKEN);
            assertThat(answer.accepted()).isFalse();
            assertThat(answer.rejection()).contains("codec id 99 is not supported");
            assertThat(answer.rejectionCode()).isEqualTo(UNSUPPORTED_CODEC);
            assertThat(raw.closedByServer()).isTrue();
        }
    }

    /**
     * A version-2 client from before the codes reads three fields of an accepted result and moves on by the frame's
     * length: the byte it does not know is skipped, and its calls are answered as before.
     */
    @Test
    void aClientFromBeforeTheCodesStillConnectsAndCalls() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            RawConnection.Frame answer = raw.handshake(2, TOKEN);
            DataInputStream fields = answer.data();
            assertThat(fields.readBoolean()).as("accepted").isTrue();
            fields.readInt();
            assertThat(RawConnection.readShortString(fields)).isEmpty();
            raw.send(RawConnection.request(5, OrderService.class.getName(), "add(int,int)",
                    "[20,22]".getBytes(StandardCharsets.UTF_8)));
            RawConnection.Frame response = raw.read();
            assertThat(response.type()).isEqualTo(FrameType.RESPONSE);
            assertThat(response.data().readLong()).isEqualTo(5);
            assertThat(response.status()).isEqualTo(StatusCode.OK.wireValue());
        }
    }

    @Test
    void plaintextOnATlsPortIsRefusedWithTheTlsRequiredCode() throws Exception {
        TestPki pki = TestPki.create("handshake-codes");
        try (RpcServer tls = RpcServer.builder().host("127.0.0.1").port(0)
                .tls(TlsSettings.builder().keyManagers(pki.issue("server").keyManagers()).build()).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
             RawConnection raw = new RawConnection(tls.port())) {
            raw.send(RawConnection.preface());
            RawConnection.Frame answer = raw.read();
            assertThat(answer.accepted()).isFalse();
            assertThat(answer.rejection()).contains("expects TLS");
            assertThat(answer.rejectionCode()).isEqualTo(TLS_REQUIRED);
        }
    }

    /** The client decides on the code: words that look like another rejection change nothing. */
    @Test
    void theClientGoesByTheCodeNotByTheWords() throws Exception {
        assertThat(statusOfRejection("unauthorized: yet the code says the server is shutting down", 3))
                .isEqualTo(StatusCode.CONNECTION_ERROR);
        assertThat(statusOfRejection("no", UNAUTHORIZED)).isEqualTo(StatusCode.UNAUTHORIZED);
        // A server from before the codes sends none: whatever its words, the client cannot tell more.
        assertThat(statusOfRejection("unauthorized: the handshake's auth token is wrong", -1))
                .isEqualTo(StatusCode.CONNECTION_ERROR);
    }

    /**
     * Connects a real client to a scripted server that reads the preface and the handshake, then answers with a
     * rejected HANDSHAKE_RESULT with {@code reason} and {@code code} (none when negative); returns the status the
     * client's call fails with.
     */
    private static StatusCode statusOfRejection(String reason, int code) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             RpcClient client = RpcClient.builder().callTimeout(Duration.ofSeconds(5)).build()) {
            CompletableFuture<Void> script = CompletableFuture.runAsync(() -> reject(listener, reason, code));
            RpcException failure = (RpcException) catchThrowable(() ->
                    client.proxy(OrderService.class, "tcp://127.0.0.1:" + listener.getLocalPort()).add(1, 2));
            script.get(5, TimeUnit.SECONDS);
            assertThat(failure.getMessage()).contains("rejected the handshake: " + reason);
            return failure.status();
        }
    }

    private static void reject(ServerSocket listener, String reason, int code) {
        try (Socket socket = listener.accept()) {
            socket.setSoTimeout(5_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.readFully(new byte[5]);                 // preface
            in.readFully(new byte[in.readInt()]);      // HANDSHAKE frame
            byte[] payload = RawConnection.payload(d -> {
                d.writeBoolean(false);
                d.writeInt(1024 * 1024);
                RawConnection.writeShortString(d, reason);
                if (code >= 0) {
                    d.writeByte(code);
                }
            });
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write(RawConnection.frame(FrameType.HANDSHAKE_RESULT, payload));
            out.flush();
            // Wait for the client to hang up, so that it reads the answer before the connection ends.
            while (in.read() >= 0) {
                // discard
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
