package io.seedrpc.it;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The default worker pool under methods that block: a call never waits behind blocked ones while a thread is free,
 * and past its threads plus its queue a call is refused with {@code SERVER_BUSY}.
 */
@ExtendWith(NoLeakedThreads.class)
class WorkerThreadsTest {

    private static final String SERVICE = OrderService.class.getName();

    @Test
    void aCallNeverWaitsBehindBlockedOnesWhileAThreadIsFree() throws Exception {
        OrderServiceImpl impl = new OrderServiceImpl();
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).workerThreads(4)
                .workerQueueCapacity(4).build()
                .addService(OrderService.class, impl).start();
             RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.handshake(2, null).accepted()).isTrue();
            // Three calls that block and a quick one in a single write, so that the server takes them in one read
            // and queues all four before a thread has taken the first: each must find a thread of its own.
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (long id = 1; id <= 3; id++) {
                burst.write(RawConnection.request(id, SERVICE, "sleep(long)", "[4000]".getBytes(StandardCharsets.UTF_8)));
            }
            burst.write(RawConnection.request(4, SERVICE, "add(int,int)", "[1,2]".getBytes(StandardCharsets.UTF_8)));
            raw.send(burst.toByteArray());
            RawConnection.Frame first = raw.read();
            assertThat(first.data().readLong()).as("the call answered first").isEqualTo(4);
            assertThat(first.status()).isEqualTo(StatusCode.OK.wireValue());
            // Had it been queued behind a sleeping call, it would have been answered only after that sleep ended.
            assertThat(impl.sleepOutcomes).as("sleeps ended before the quick call was answered").isEmpty();
            for (int i = 0; i < 3; i++) {
                assertThat(raw.read().status()).isEqualTo(StatusCode.OK.wireValue());
            }
            assertThat(impl.sleepOutcomes).containsExactly("finished", "finished", "finished");
        }
    }

    @Test
    void pastItsThreadsAndQueueTheDefaultPoolAnswersServerBusy() {
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).workerThreads(2)
                .workerQueueCapacity(1).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
             RpcClient client = RpcClient.builder().cluster("failfast").callTimeout(Duration.ofSeconds(20)).build()) {
            OrderService orders = client.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port());
            List<CompletableFuture<String>> blocked = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                blocked.add(CompletableFuture.supplyAsync(() -> orders.sleep(3000)));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.callsInFlight() == 3);
            assertThatThrownBy(() -> orders.add(1, 1))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.status()).isEqualTo(StatusCode.SERVER_BUSY))
                    .hasMessageContaining("executor 'default' has all its 2 threads taken and 1 calls queued");
            blocked.forEach(call -> assertThat(call.join()).isEqualTo("slept 3000"));
            assertThat(orders.add(1, 1)).isEqualTo(2);
        }
    }
}
