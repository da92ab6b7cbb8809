package io.seedrpc.it;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.invoke.ClientInterceptor;
import io.seedrpc.server.RpcServer;
import io.seedrpc.server.ServerInterceptor;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A call's deadline is fixed once, at the proxy, and what reaches the server is the time left when the request
 * is encoded: time the call spent on its way (here an interceptor that holds it back) is not given again.
 */
@ExtendWith(NoLeakedThreads.class)
class CallDeadlineTest {

    private static final long HOLD_BACK_MILLIS = 400;

    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor();
    /** The timeout field of every request the server received, in order. */
    private final List<Integer> receivedTimeouts = new CopyOnWriteArrayList<>();

    private RpcServer recordingServer() {
        ServerInterceptor recorder = (call, next) -> {
            receivedTimeouts.add(call.timeoutMillis());
            return next.invoke(call);
        };
        return RpcServer.builder().host("127.0.0.1").port(0).interceptor(recorder).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
    }

    /** A client whose every call is held back a while on its way, without blocking the caller's thread. */
    private RpcClient holdingBackClient() {
        ClientInterceptor holdBack = (invocation, next) -> {
            CompletableFuture<Object> result = new CompletableFuture<>();
            delays.schedule(() -> next.invoke(invocation).whenComplete((value, failure) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            }), HOLD_BACK_MILLIS, TimeUnit.MILLISECONDS);
            return result;
        };
        return RpcClient.builder().interceptor(holdBack).build();
    }

    private static OrderService orders(RpcClient client, RpcServer server, Duration timeout) {
        return client.proxy(ReferenceConfig.of(OrderService.class)
                .withAddress("tcp://127.0.0.1:" + server.port()).withTimeout(timeout));
    }

    @AfterEach
    void stopDelays() throws InterruptedException {
        delays.shutdownNow();
        assertThat(delays.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theServerGetsTheTimeLeftWhenTheRequestIsEncodedNotTheWholeTimeout() {
        try (RpcServer server = recordingServer(); RpcClient client = holdingBackClient()) {
            assertThat(orders(client, server, Duration.ofSeconds(5)).add(2, 3)).isEqualTo(5);
        }

        assertThat(receivedTimeouts).hasSize(1);
        assertThat(receivedTimeouts.get(0)).isPositive().isLessThanOrEqualTo(5_000 - (int) HOLD_BACK_MILLIS);
    }

    @Test
    void aCallWhoseDeadlinePassedOnItsWayFailsWithTimeoutAndIsNeverSent() {
        try (RpcServer server = recordingServer(); RpcClient client = holdingBackClient()) {
            OrderService hasty = orders(client, server, Duration.ofMillis(100));
            assertThatThrownBy(() -> hasty.add(2, 3))
                    .isInstanceOfSatisfying(RpcException.class, e -> {
                        assertThat(e.status()).isEqualTo(StatusCode.TIMEOUT);
                        assertThat(e.getMessage()).contains("add(int,int)").contains("100 ms")
                                .contains("before it was sent");
                    });

            // The next call goes over the same connection; had the first been sent, the server would have read it
            // first.
            assertThat(orders(client, server, Duration.ofSeconds(5)).add(1, 1)).isEqualTo(2);
            assertThat(receivedTimeouts).hasSize(1);
        }
    }
}
