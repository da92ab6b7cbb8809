package io.seedrpc.it;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Bulkheads: a service on an executor of its own can be flooded without taking the threads of the others; past
 * its own bound its calls are {@code SERVER_BUSY} naming the executor, while the other services answer.
 */
@ExtendWith(NoLeakedThreads.class)
class BulkheadTest {

    @Test
    void aFloodedServiceOnItsOwnExecutorLeavesTheOthersServed() throws Exception {
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).workerThreads(2)
                .workerQueueCapacity(0).executor("slow", 2, 1).build()
                .addService(OrderService.class, new OrderServiceImpl(), "", "slow")
                .addService(WhereService.class, new WhereServiceImpl("fast", 0))
                .start();
             RpcClient client = RpcClient.builder().cluster("failfast").callTimeout(Duration.ofSeconds(10)).build()) {
            assertFloodedServiceIsolated(server, client);
        }
    }

    @Test
    void onATaskExecutorEveryPoolKeepsItsBound() throws Exception {
        // What virtual threads do on JDK 21+: a thread per task, no pool. The bounds must still hold.
        ExecutorService threadPerTask = Executors.newCachedThreadPool();
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).workerThreads(2)
                .workerQueueCapacity(0).executor("slow", 2, 1).taskExecutor(threadPerTask).build()
                .addService(OrderService.class, new OrderServiceImpl(), "", "slow")
                .addService(WhereService.class, new WhereServiceImpl("fast", 0))
                .start();
             RpcClient client = RpcClient.builder().cluster("failfast").callTimeout(Duration.ofSeconds(10)).build()) {
            assertFloodedServiceIsolated(server, client);
        } finally {
            threadPerTask.shutdownNow();
            assertThat(threadPerTask.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void assertFloodedServiceIsolated(RpcServer server, RpcClient client) {
        OrderService slow = client.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port());
        WhereService fast = client.proxy(WhereService.class, "tcp://127.0.0.1:" + server.port());
        List<CompletableFuture<String>> flood = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            flood.add(CompletableFuture.supplyAsync(() -> slow.sleep(3000)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> server.callsInFlight() == 3);
        // The slow executor is full (2 running, 1 queued): one more of its calls is refused, naming it...
        assertThatThrownBy(() -> slow.sleep(1))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status()).isEqualTo(StatusCode.SERVER_BUSY))
                .hasMessageContaining("executor 'slow'");
        // ...while the other service, on the default executor, answers at once.
        for (int i = 0; i < 4; i++) {
            assertThat(fast.where(0)).isEqualTo("fast");
        }
        flood.forEach(call -> assertThat(call.join()).isEqualTo("slept 3000"));
    }

    @Test
    void aCallerThatWaitsForEachAnswerIsNeverTurnedAwayByAPoolOfOne() {
        // One thread, no queue: a caller that sends its next call as soon as it has the answer must find the
        // place free even when the thread that answered is not back for its next task yet (the race that made
        // the test above flaky when the machine was loaded).
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).workerThreads(1)
                .workerQueueCapacity(0).build()
                .addService(WhereService.class, new WhereServiceImpl("only", 0))
                .start();
             RpcClient client = RpcClient.builder().cluster("failfast").callTimeout(Duration.ofSeconds(10)).build()) {
            WhereService where = client.proxy(WhereService.class, "tcp://127.0.0.1:" + server.port());
            for (int i = 0; i < 3_000; i++) {
                assertThat(where.whereOnce(0)).isEqualTo("only");
            }
        }
    }

    @Test
    void anUnknownExecutorIsRefusedNamingTheServiceAndTheExecutors() {
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).executor("reports", 1, 0).build()) {
            assertThatThrownBy(() -> server.addService(OrderService.class, new OrderServiceImpl(), "", "report"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(OrderService.class.getName())
                    .hasMessageContaining("'report'")
                    .hasMessageContaining("[default, reports]");
        }
    }
}
