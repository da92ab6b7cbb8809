package io.seedrpc.it;

import io.seedrpc.Address;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.transport.ClientConnection;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
    void lateResponseAfterClientTimeoutIsDropped() throws Exception {
        // The server's handler ignores nothing here: a sleep past its 100 ms deadline is interrupted on the
        // server too, and whatever arrives late on the client is dropped without disturbing the next call.
        OrderService orders = client.proxy(ReferenceConfig.of(OrderService.class).withAddress(address)
                .withTimeout(Duration.ofMillis(100)));
        // The next call, on the same pooled connection, is judged on its answer, not on its speed: with the 100 ms
        // deadline a loaded machine alone could time it out.
        OrderService next = client.proxy(ReferenceConfig.of(OrderService.class).withAddress(address)
                .withTimeout(Duration.ofSeconds(10)));
        for (int i = 0; i < 5; i++) {
            // 2 s, not 200 ms, past the 100 ms deadline: deadlines are enforced by periodic sweeps on both sides,
            // and on a loaded machine both sweeps ran more than 100 ms late, so a 200 ms answer got through.
            assertThatThrownBy(() -> orders.sleep(2_000)).isInstanceOf(RpcException.class);
            assertThat(next.add(i, 1)).isEqualTo(i + 1);
        }
        assertThat(client.connection(address).get(5, TimeUnit.SECONDS).pendingCalls()).isZero();
    }
}
