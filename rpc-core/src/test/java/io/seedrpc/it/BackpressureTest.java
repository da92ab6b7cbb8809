package io.seedrpc.it;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that sends faster than it reads, or sends more than the server can hold, is slowed down, refused or
 * closed — with a clear status — while every other client goes on being served.
 */
@ExtendWith(NoLeakedThreads.class)
class BackpressureTest {

    private static final String SERVICE = OrderService.class.getName();
    private static final int MiB = 1024 * 1024;

    private RpcServer server;
    private RpcClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private OrderService start(RpcServer.Builder builder) {
        server = builder.host("127.0.0.1").port(0).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
        client = RpcClient.builder().callTimeout(Duration.ofSeconds(5)).build();
        return client.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port());
    }

    /** A JSON request for {@code echo(String)} with a string of {@code size} characters. */
    private static byte[] echoRequest(long id, int size) {
        char[] text = new char[size];
        Arrays.fill(text, 'x');
        return RawConnection.request(id, SERVICE, "echo(java.lang.String)",
                ("[\"" + new String(text) + "\"]").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aClientThatNeverReadsIsPausedKeptWithinTheBudgetAndClosedWhileOthersAreServed() throws Exception {
        long budget = 8L * MiB;
        OrderService orders = start(RpcServer.builder().maxFrameSize(2 * MiB).memoryBudget(budget)
                .slowReaderTimeout(Duration.ofSeconds(2)));
        long directBefore = allocatorBytes();
        AtomicLong peakBuffered = new AtomicLong();
        AtomicLong peakAllocated = new AtomicLong();
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<Throwable> writerEnded = new AtomicReference<>();
        byte[] request = echoRequest(0, MiB);
        try (RawConnection neverReader = new RawConnection(server.port())) {
            assertThat(neverReader.handshake(2, null).accepted()).isTrue();
            Thread writer = new Thread(() -> {
                try {
                    for (long id = 1; id <= 300; id++) {
                        // Same bytes, new id: the id sits right after the length and type.
                        byte[] frame = request.clone();
                        java.nio.ByteBuffer.wrap(frame, 5, 8).putLong(id);
                        neverReader.send(frame);
                        sent.incrementAndGet();
                    }
                    writerEnded.set(new AssertionError("all 300 requests of 1 MiB were taken without pause"));
                } catch (IOException e) {
                    writerEnded.set(e);
                }
            }, "never-reader");
            writer.start();
            AtomicInteger served = new AtomicInteger();
            // Another client keeps calling, and the peaks are sampled, until the server has closed the never-reader.
            await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        int n = served.getAndIncrement();
                        assertThat(orders.add(n, 1)).isEqualTo(n + 1);
                        peakBuffered.accumulateAndGet(server.bufferedBytes(), Math::max);
                        peakAllocated.accumulateAndGet(allocatorBytes() - directBefore, Math::max);
                        return writerEnded.get() != null;
                    });
            writer.join(5_000);
            assertThat(writerEnded.get()).as("the never-reading client is closed by the server")
                    .isInstanceOf(IOException.class);
            assertThat(served.get()).as("calls of another client served during the flood").isPositive();
            assertThat(sent.get()).as("requests the server took before it stopped reading").isLessThan(300);
        }
        // An answer takes over its request's share of the budget; an echo's answer is a few bytes longer.
        assertThat(peakBuffered.get()).as("bytes the server held for the never-reader")
                .isLessThanOrEqualTo(budget + 64 * 1024);
        assertThat(peakAllocated.get()).as("pooled memory grown during the flood").isLessThan(64L * MiB);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.bufferedBytes() == 0 && server.callsInFlight() == 0);
        assertThat(orders.add(1, 2)).isEqualTo(3);
    }

    @Test
    void largeFramesPastTheMemoryBudgetAreRefusedWithServerBusyAndOnlyThatConnectionCloses() throws Exception {
        OrderService orders = start(RpcServer.builder().maxFrameSize(2 * MiB).memoryBudget(4L * MiB));
        byte[] large = echoRequest(0, 1536 * 1024);
        byte[] firstPart = Arrays.copyOf(large, 100 * 1024);
        try (RawConnection first = new RawConnection(server.port());
             RawConnection second = new RawConnection(server.port());
             RawConnection third = new RawConnection(server.port())) {
            for (RawConnection raw : new RawConnection[] {first, second, third}) {
                assertThat(raw.handshake(2, null).accepted()).isTrue();
            }
            first.send(withId(firstPart, 1));
            second.send(withId(firstPart, 2));
            // Two frames of 1.5 MiB still arriving hold 3 MiB of the 4 MiB budget; a third does not fit.
            await().atMost(Duration.ofSeconds(5)).until(() -> server.bufferedBytes() >= 3L * MiB);
            third.send(withId(firstPart, 3));

            RawConnection.Frame refused = third.read();
            assertThat(refused.type()).isEqualTo(FrameType.RESPONSE);
            assertThat(refused.data().readLong()).isEqualTo(3);
            assertThat(refused.status()).isEqualTo(StatusCode.SERVER_BUSY.wireValue());
            assertThat(refused.errorMessage()).contains("memory budget").contains("was not run");
            assertThat(third.closedByServer()).isTrue();
            assertThat(orders.add(40, 2)).isEqualTo(42);
        }
        // The unfinished frames' bytes come back when their connections close.
        await().atMost(Duration.ofSeconds(5)).until(() -> server.bufferedBytes() == 0);
        String big = "y".repeat(MiB);
        assertThat(orders.echo(big)).isEqualTo(big);
    }

    @Test
    void callsPastTheLimitPerConnectionAreBusyForThatConnectionOnly() throws Exception {
        OrderService orders = start(RpcServer.builder().maxCallsPerConnection(2));
        try (RawConnection raw = new RawConnection(server.port())) {
            assertThat(raw.handshake(2, null).accepted()).isTrue();
            for (long id = 1; id <= 3; id++) {
                raw.send(RawConnection.request(id, SERVICE, "sleep(long)", "[1000]".getBytes(StandardCharsets.UTF_8)));
            }
            RawConnection.Frame busy = raw.read();
            assertThat(busy.data().readLong()).isEqualTo(3);
            assertThat(busy.status()).isEqualTo(StatusCode.SERVER_BUSY.wireValue());
            assertThat(busy.errorMessage()).contains("2 calls in flight").contains("sleep(long)");
            // Another connection is not affected while this one is at its limit.
            assertThat(orders.add(1, 1)).isEqualTo(2);
            assertThat(raw.read().status()).isEqualTo(StatusCode.OK.wireValue());
            assertThat(raw.read().status()).isEqualTo(StatusCode.OK.wireValue());
        }
    }

    @Test
    void aCallerOutpacingAServerThatAnswersSlowlyGetsServerBusyNotAQueue() {
        start(RpcServer.builder());
        try (RpcClient bounded = RpcClient.builder().maxPendingCalls(3).callTimeout(Duration.ofSeconds(5)).build()) {
            OrderService orders = bounded.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port());
            CompletableFuture<?>[] slow = new CompletableFuture<?>[3];
            for (int i = 0; i < slow.length; i++) {
                slow[i] = CompletableFuture.runAsync(() -> orders.sleep(1000));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.callsInFlight() == 3);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> orders.add(1, 1))
                    .isInstanceOfSatisfying(RpcException.class,
                            e -> assertThat(e.status()).isEqualTo(StatusCode.SERVER_BUSY))
                    .hasMessageContaining("maxPendingCalls");
            CompletableFuture.allOf(slow).join();
            assertThat(orders.add(1, 1)).isEqualTo(2);
        }
    }

    @Test
    void aCallerOutpacingAServerThatDoesNotReadGetsServerBusyOnceTheUnsentBytesAreFull() throws Exception {
        try (ScriptedServer stalled = new ScriptedServer();
             RpcClient bounded = RpcClient.builder().codec("json").cluster("failfast").maxUnsentBytes(MiB)
                     .callTimeout(Duration.ofSeconds(10)).build()) {
            AsyncEcho echo = bounded.proxy(AsyncEcho.class, "tcp://127.0.0.1:" + stalled.port());
            String quarter = "z".repeat(256 * 1024);
            long allocatedBefore = allocatorBytes();
            java.util.List<CompletableFuture<String>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                calls.add(echo.echoAsync(quarter));
            }
            // Nearly all are refused at once; only what fits in 1 MiB plus the socket buffers stays queued.
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    calls.stream().filter(CompletableFuture::isCompletedExceptionally).count() >= 300);
            RpcException refused = calls.stream().filter(CompletableFuture::isCompletedExceptionally)
                    .map(call -> (RpcException) call.handle((v, e) -> e).join()).findFirst().orElseThrow();
            assertThat(refused.status()).isEqualTo(StatusCode.SERVER_BUSY);
            assertThat(refused.getMessage()).contains("maxUnsentBytes").contains("echoAsync");
            assertThat(allocatorBytes() - allocatedBefore).isLessThan(64L * MiB);
        }
    }

    /** What the stalled server is called as: it never answers, so only the asynchronous form is useful. */
    public interface AsyncEcho {
        CompletableFuture<String> echoAsync(String value);
    }

    private static byte[] withId(byte[] frame, long id) {
        byte[] copy = frame.clone();
        java.nio.ByteBuffer.wrap(copy, 5, 8).putLong(id);
        return copy;
    }

    /** Bytes Netty's default allocator holds now, direct and heap. */
    private static long allocatorBytes() {
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
            ByteBufAllocatorMetric metric = provider.metric();
            return metric.usedDirectMemory() + metric.usedHeapMemory();
        }
        return 0;
    }
}
