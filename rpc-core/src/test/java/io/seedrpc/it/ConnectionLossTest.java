package io.seedrpc.it;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A server process dies with calls in flight; the client notices at once and recovers when it is back. */
@ExtendWith(NoLeakedThreads.class)
class ConnectionLossTest {

    @Test
    void pendingCallsFailAtOnceWhenTheServerProcessDiesAndANewCallSucceedsOnceItIsBack() throws Exception {
        ServerProcess first = ServerProcess.start(0);
        int port = first.port();
        // A 30 s handshake timeout: a JVM just started on a machine loaded by other builds once took longer than
        // the default to answer its first handshake. What this test times is how fast pending calls fail.
        try (RpcClient client = RpcClient.builder().callTimeout(Duration.ofSeconds(30))
                .handshakeTimeout(Duration.ofSeconds(30)).build()) {
            OrderService orders = client.proxy(ReferenceConfig.of(OrderService.class)
                    .withAddress("tcp://127.0.0.1:" + port));
            assertThat(orders.add(1, 2)).isEqualTo(3);
            List<CompletableFuture<Object>> inFlight = new ArrayList<>();
            var sleep = io.seedrpc.protocol.MethodDescriptor.of(OrderService.class.getMethod("sleep", long.class));
            for (int i = 0; i < 10; i++) {
                inFlight.add(client.call(io.seedrpc.Address.tcp("127.0.0.1", port), OrderService.class.getName(),
                        sleep, new Object[] {20_000L}, Duration.ofSeconds(30)));
            }
            io.seedrpc.transport.ClientConnection connection = client.connection(
                    io.seedrpc.Address.tcp("127.0.0.1", port)).get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> connection.pendingCalls() == 10);
            // Measured from the moment the process is gone: how long the JVM takes to die is not ours to judge.
            first.kill();
            long killedAt = System.nanoTime();
            for (CompletableFuture<Object> call : inFlight) {
                assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause().isInstanceOfSatisfying(RpcException.class, e -> {
                            assertThat(e.status()).isEqualTo(StatusCode.CONNECTION_ERROR);
                            assertThat(e.getMessage()).contains("127.0.0.1:" + port);
                        });
            }
            long failedWithinMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            org.slf4j.LoggerFactory.getLogger(ConnectionLossTest.class)
                    .info("10 pending calls failed {} ms after the server process was killed", failedWithinMillis);
            assertThat(failedWithinMillis).as("pending calls failed %d ms after the kill", failedWithinMillis)
                    .isLessThan(1_000);

            assertThatThrownBy(() -> orders.add(1, 1))
                    .isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.status()).as(e.getMessage()).isEqualTo(StatusCode.CONNECTION_ERROR);
                        assertThat(e.getMessage()).contains("cannot connect to tcp://127.0.0.1:" + port);
                    });

            try (ServerProcess second = ServerProcess.start(port)) {
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> orders.add(20, 22) == 42);
            }
        } finally {
            first.kill();
        }
    }
}
