package io.seedrpc.it;

import io.seedrpc.Address;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.transport.ClientConnection;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Many threads multiplexing one connection: every response must find its own request. */
@ExtendWith(NoLeakedThreads.class)
class ConcurrencyTest {

    private static final int THREADS = 64;
    private static final int CALLS_PER_THREAD = 2_000;

    @Test
    void sixtyFourThreadsOverOneConnectionEachGetTheirOwnAnswers() throws Exception {
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
             RpcClient client = RpcClient.builder().callTimeout(Duration.ofSeconds(30)).build()) {
            Address address = Address.tcp("127.0.0.1", server.port());
            OrderService orders = client.proxy(OrderService.class, address.toString());
            ExecutorService callers = Executors.newFixedThreadPool(THREADS);
            AtomicInteger wrong = new AtomicInteger();
            List<Future<Integer>> results = new ArrayList<>();
            long start = System.nanoTime();
            try {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    results.add(callers.submit(() -> {
                        int done = 0;
                        for (int i = 0; i < CALLS_PER_THREAD; i++) {
                            int a = thread * 1_000_000 + i;
                            String text = thread + ":" + i;
                            if (orders.add(a, i) != a + i || !text.equals(orders.echo(text))) {
                                wrong.incrementAndGet();
                            }
                            done++;
                        }
                        return done;
                    }));
                }
                int completed = 0;
                for (Future<Integer> result : results) {
                    completed += result.get(120, TimeUnit.SECONDS);
                }
                org.slf4j.LoggerFactory.getLogger(ConcurrencyTest.class).info(
                        "{} calls from {} threads over one connection in {} ms", 2 * completed, THREADS,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                assertThat(completed).isEqualTo(THREADS * CALLS_PER_THREAD);
            } finally {
                callers.shutdownNow();
                assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(wrong).hasValue(0);
            ClientConnection connection = client.connection(address).get(5, TimeUnit.SECONDS);
            assertThat(connection.pendingCalls()).isZero();
            assertThat(server.callsInFlight()).isZero();
            assertThat(server.connectionCount()).as("every call shared one connection").isEqualTo(1);
            long served = server.stats().stream().mapToLong(s -> s.calls()).sum();
            assertThat(served).isEqualTo(2L * THREADS * CALLS_PER_THREAD);
        }
    }
}
