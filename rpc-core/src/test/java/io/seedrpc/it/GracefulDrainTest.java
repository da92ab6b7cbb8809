package io.seedrpc.it;

import io.seedrpc.Address;
import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.discovery.StaticDiscovery;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server that shuts down while requests are still on their way to it answers them instead of closing under
 * them: its clients close their drained connections themselves, and it waits for that.
 */
@ExtendWith(NoLeakedThreads.class)
class GracefulDrainTest {

    /** Longer than the server takes to stop (under 100 ms on loopback), so requests are on the way while it does. */
    private static final long WIRE_DELAY_MILLIS = 400;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private RpcServer server(WhereServiceImpl impl) {
        RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).drainTimeout(DRAIN_TIMEOUT).build()
                .addService(WhereService.class, impl).start();
        closeables.add(server);
        return server;
    }

    @Test
    void requestsOnTheWireWhenAProviderStopsAreAnsweredAndRetriedNotLost() throws Exception {
        WhereServiceImpl leaving = new WhereServiceImpl("leaving", 0);
        WhereServiceImpl staying = new WhereServiceImpl("staying", 0);
        RpcServer leavingServer = server(leaving);
        RpcServer stayingServer = server(staying);
        RecordingRelay farAway = new RecordingRelay(leavingServer.port(), WIRE_DELAY_MILLIS);
        closeables.add(farAway);
        StaticDiscovery discovery = new StaticDiscovery();
        discovery.update(WhereService.class.getName(), List.of(
                Endpoint.of(Address.tcp("127.0.0.1", farAway.port())),
                Endpoint.of(Address.tcp("127.0.0.1", stayingServer.port()))));
        RpcClient client = RpcClient.builder().discovery(discovery).cluster("failover")
                .callTimeout(Duration.ofSeconds(10)).build();
        closeables.add(client);
        WhereService where = client.proxy(ReferenceConfig.of(WhereService.class));

        AtomicBoolean calling = new AtomicBoolean(true);
        AtomicInteger succeeded = new AtomicInteger();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            // Not idempotent: a retry is allowed only when the server proves the call did not run.
            running.add(callers.submit(() -> {
                while (calling.get()) {
                    try {
                        where.whereOnce(0);
                        succeeded.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> leaving.calls.get() >= 40);
            long start = System.nanoTime();
            leavingServer.close();
            Duration closing = Duration.ofNanos(System.nanoTime() - start);
            int servedAfterStop = succeeded.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> succeeded.get() >= servedAfterStop + 200);

            assertThat(failures).as("calls failed while a provider drained").isEmpty();
            // The client closed its drained connection itself; the server did not have to wait out its timeout.
            assertThat(closing).isLessThan(DRAIN_TIMEOUT.dividedBy(2));
            assertThat(staying.calls.get()).isPositive();
        } finally {
            calling.set(false);
            for (Future<?> future : running) {
                future.get(30, TimeUnit.SECONDS);
            }
            callers.shutdown();
            assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aClientThatNeverClosesIsClosedAtTheEndOfTheDrainTimeout() throws Exception {
        RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).drainTimeout(Duration.ofSeconds(1)).build()
                .addService(WhereService.class, new WhereServiceImpl("only", 0)).start();
        closeables.add(server);
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.handshake(1, "").accepted()).isTrue();
            long start = System.nanoTime();
            server.close();
            Duration closing = Duration.ofNanos(System.nanoTime() - start);
            assertThat(closing).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(10));
            assertThat(raw.read().type()).isEqualTo(FrameType.GOAWAY);
            assertThat(raw.closedByServer()).isTrue();
        }
    }
}
