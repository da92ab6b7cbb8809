package io.seedrpc.it;

import io.seedrpc.Address;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.codec.Codec;
import io.seedrpc.protocol.MethodDescriptor;
import io.seedrpc.server.RpcServer;
import io.seedrpc.transport.ClientConnection;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Call timeouts on the client, deadlines and cancellation on the server. */
@ExtendWith(NoLeakedThreads.class)
class TimeoutTest {

    private final OrderServiceImpl service = new OrderServiceImpl();
    private RpcServer server;
    private RpcClient client;
    private Address address;

    @BeforeEach
    void start() {
        server = RpcServer.builder().host("127.0.0.1").port(0).build()
                .addService(OrderService.class, service).start();
        client = RpcClient.builder().build();
        address = Address.tcp("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void slowCallTimesOutNearItsTimeoutAndLeavesNothingPending() throws Exception {
        OrderService orders = client.proxy(ReferenceConfig.of(OrderService.class).withAddress(address)
                .withTimeout(Duration.ofMillis(300)));
        assertThat(orders.add(1, 1)).isEqualTo(2);
        long start = System.nanoTime();
        assertThatThrownBy(() -> orders.sleep(5_000))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.status()).isEqualTo(StatusCode.TIMEOUT);
                    assertThat(e.getMessage()).contains("sleep(long)").contains("300 ms");
                });
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsedMillis).isBetween(290L, 3_000L);
        ClientConnection connection = client.connection(address).get(5, TimeUnit.SECONDS);
        assertThat(connection.pendingCalls()).isZero();
        // The server got the same deadline: its handler is interrupted rather than left sleeping for 5 s.
        assertThat(service.sleepOutcomes.poll(3, TimeUnit.SECONDS)).isEqualTo("interrupted");
        await().atMost(Duration.ofSeconds(3)).until(() -> server.callsInFlight() == 0);
        assertThat(orders.add(2, 2)).isEqualTo(4);
    }

    @Test
    void cancellingTheFutureInterruptsTheServerHandler() throws Exception {
        CompletableFuture<Object> call = client.call(address, "io.seedrpc.it.OrderService",
                io.seedrpc.protocol.MethodDescriptor.of(OrderService.class.getMethod("sleep", long.class)),
                new Object[] {10_000L}, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(3)).until(() -> server.callsInFlight() == 1);
        call.cancel(true);
        assertThat(service.sleepOutcomes.poll(3, TimeUnit.SECONDS)).isEqualTo("interrupted");
        await().atMost(Duration.ofSeconds(3)).until(() -> server.callsInFlight() == 0);
        assertThat(client.connection(address).get(5, TimeUnit.SECONDS).pendingCalls()).isZero();
    }

    @Test
    void aResponseArrivingAfterTheTimeoutIsDroppedAndTheNextCallGetsItsOwn() throws Exception {
        // A scripted server, so the late answer is certain to arrive, and to arrive before the next call's own.
        try (ScriptedServer scripted = new ScriptedServer()) {
            Address at = Address.tcp("127.0.0.1", scripted.port());
            MethodDescriptor add = MethodDescriptor.of(OrderService.class.getMethod("add", int.class, int.class));
            String serviceKey = OrderService.class.getName();
            Codec kryo = client.codecs().byName("kryo");

            CompletableFuture<Object> timedOut = client.call(at, serviceKey, add, new Object[] {1, 1},
                    Duration.ofMillis(100));
            long lateId = scripted.nextRequestId();
            assertThatThrownBy(() -> timedOut.get(5, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status()).isEqualTo(StatusCode.TIMEOUT));
            CompletableFuture<Object> next = client.call(at, serviceKey, add, new Object[] {2, 2},
                    Duration.ofSeconds(10));
            long nextId = scripted.nextRequestId();

            // The stale answer comes first on the connection. A client that completed the wrong call with it, or
            // closed the connection over an id it no longer knows, fails the next call.
            scripted.respond(lateId, encode(kryo, 999));
            scripted.respond(nextId, encode(kryo, 4));
            assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo(4);
            ClientConnection connection = client.connection(at).get(5, TimeUnit.SECONDS);
            assertThat(connection.isOpen()).isTrue();
            assertThat(connection.pendingCalls()).isZero();
        }
    }

    private static byte[] encode(Codec codec, int value) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        codec.writeValue(body, value, int.class);
        return body.toByteArray();
    }
}
