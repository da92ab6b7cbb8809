package io.seedrpc.it;

import io.seedrpc.Address;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import io.seedrpc.codec.Codec;
import io.seedrpc.protocol.MethodDescriptor;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import io.seedrpc.transport.ClientConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the client takes frames off the wire: each frame is read in place in the read buffer, bounded to the frame,
 * so these tests drive a real client with a scripted server that writes exactly the bytes each test chooses.
 */
@ExtendWith(NoLeakedThreads.class)
class ClientFrameIntakeTest {

    private static final String SERVICE = OrderService.class.getName();
    private static final int CLIENT_MAX_FRAME = 64 * 1024;

    private RpcClient client;
    private ScriptedServer scripted;
    private Address at;
    private MethodDescriptor add;
    private Codec kryo;

    @BeforeEach
    void start() throws Exception {
        client = RpcClient.builder().maxFrameSize(CLIENT_MAX_FRAME).build();
        scripted = new ScriptedServer();
        at = Address.tcp("127.0.0.1", scripted.port());
        add = MethodDescriptor.of(OrderService.class.getMethod("add", int.class, int.class));
        kryo = client.codecs().byName("kryo");
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        scripted.close();
    }

    @Test
    void aResponseShorterThanItsFieldsClosesTheConnectionWithoutReadingIntoTheNextFrame() throws Exception {
        CompletableFuture<Object> first = call(1, 1);
        long firstId = scripted.nextRequestId();
        CompletableFuture<Object> second = call(2, 2);
        long secondId = scripted.nextRequestId();
        ClientConnection connection = client.connection(at).get(5, TimeUnit.SECONDS);

        // The first frame ends after the call id, before its status byte; a well-formed answer follows it in the
        // same write. Read past its end, the first frame would take the second's bytes for a status and a body.
        byte[] idOnly = RawConnection.payload(d -> d.writeLong(firstId));
        scripted.send(glue(RawConnection.frame(FrameType.RESPONSE, idOnly), response(secondId, encode(4))));

        assertThat(connection.closeFuture()).succeedsWithin(Duration.ofSeconds(5));
        assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(RpcException.class,
                        e -> assertThat(e.status()).isEqualTo(StatusCode.CONNECTION_ERROR));
        assertThat(second).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void anAnswerNobodyWaitsForIsSkippedWholeAndTheNextFrameIsReadFromItsOwnStart() throws Exception {
        CompletableFuture<Object> whole = call(2, 2);
        long wholeId = scripted.nextRequestId();

        // The client reads an unknown call's id and status and stops there; the decoder must still move past the
        // body, or the next frame would be read from the middle of this one.
        scripted.send(glue(response(wholeId + 1_000, encode(300_000)), response(wholeId, encode(4))));

        assertThat(whole.get(5, TimeUnit.SECONDS)).isEqualTo(4);
        ClientConnection connection = client.connection(at).get(5, TimeUnit.SECONDS);
        assertThat(connection.isOpen()).isTrue();
        assertThat(connection.pendingCalls()).isZero();
    }

    @Test
    void aLengthPrefixOverTheLimitClosesThatConnectionOnlyBeforeTheFrameArrives() throws Exception {
        try (RpcServer healthy = RpcServer.builder().host("127.0.0.1").port(0).build()
                .addService(OrderService.class, new OrderServiceImpl()).start()) {
            Address healthyAt = Address.tcp("127.0.0.1", healthy.port());
            assertThat(client.call(healthyAt, SERVICE, add, new Object[] {1, 2}, Duration.ofSeconds(5))
                    .get(5, TimeUnit.SECONDS)).isEqualTo(3);
            ClientConnection healthyConnection = client.connection(healthyAt).get(5, TimeUnit.SECONDS);
            CompletableFuture<Object> waiting = call(1, 1);
            scripted.nextRequestId();
            ClientConnection connection = client.connection(at).get(5, TimeUnit.SECONDS);

            // Only the length prefix is sent, and nothing after it: a client that buffered the frame before checking
            // its size would wait for bytes that never come.
            scripted.send(RawConnection.payload(d -> d.writeInt(CLIENT_MAX_FRAME + 1)));

            assertThat(connection.closeFuture()).succeedsWithin(Duration.ofSeconds(5));
            assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.status()).isEqualTo(StatusCode.CONNECTION_ERROR));
            assertThat(client.call(healthyAt, SERVICE, add, new Object[] {2, 3}, Duration.ofSeconds(5))
                    .get(5, TimeUnit.SECONDS)).isEqualTo(5);
            assertThat(healthyConnection.isOpen()).isTrue();
            assertThat(client.connection(healthyAt).get(5, TimeUnit.SECONDS)).isSameAs(healthyConnection);
        }
    }

    @Test
    void framesSplitIntoSingleBytesOrManyInOneWriteEachCompleteTheirOwnCall() throws Exception {
        int calls = 40;
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            futures.add(call(i, 1_000));
            ids.add(scripted.nextRequestId());
        }

        // The first answer a byte at a time; the second and third split mid-frame across two writes; the rest,
        // with a ping among them, in one write.
        for (byte b : response(ids.get(0), encode(1_000))) {
            scripted.send(new byte[] {b});
        }
        byte[] pair = glue(response(ids.get(1), encode(1_001)), response(ids.get(2), encode(1_002)));
        int cut = pair.length / 2 + 3;
        scripted.send(Arrays.copyOfRange(pair, 0, cut));
        scripted.send(Arrays.copyOfRange(pair, cut, pair.length));
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        for (int i = 3; i < calls; i++) {
            rest.write(response(ids.get(i), encode(1_000 + i)));
            if (i == calls / 2) {
                rest.write(RawConnection.frame(FrameType.PING, RawConnection.payload(d -> d.writeLong(7))));
            }
        }
        scripted.send(rest.toByteArray());

        for (int i = 0; i < calls; i++) {
            assertThat(futures.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(1_000 + i);
        }
        assertThat(client.connection(at).get(5, TimeUnit.SECONDS).isOpen()).isTrue();
    }

    private CompletableFuture<Object> call(int a, int b) {
        return client.call(at, SERVICE, add, new Object[] {a, b}, Duration.ofSeconds(30));
    }

    private static byte[] response(long id, byte[] body) {
        return RawConnection.frame(FrameType.RESPONSE, RawConnection.payload(d -> {
            d.writeLong(id);
            d.writeByte(StatusCode.OK.wireValue());
            d.write(body);
        }));
    }

    private byte[] encode(int value) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        kryo.writeValue(body, value, int.class);
        return body.toByteArray();
    }

    private static byte[] glue(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
