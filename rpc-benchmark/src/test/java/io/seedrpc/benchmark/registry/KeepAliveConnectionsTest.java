package io.seedrpc.benchmark.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The capacity tool's HTTP client against a real HTTP server on loopback (the JDK's own): the load it reports is
 * only the registry's if the client keeps to its connection bound, survives the server closing connections, and
 * gives up on an answer that never comes.
 */
class KeepAliveConnectionsTest {

    private final Set<InetSocketAddress> clientEnds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger answered = new AtomicInteger();
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private ExecutorService serverThreads;
    private HttpServer server;
    private EventLoopGroup loop;
    private Bootstrap bootstrap;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newFixedThreadPool(16);
        server.setExecutor(serverThreads);
        server.createContext("/echo", exchange -> answer(exchange, false));
        server.createContext("/close", exchange -> answer(exchange, true));
        server.createContext("/slow", exchange -> {
            try {
                releaseSlow.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, false);
        });
        server.start();
        loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class);
    }

    @AfterEach
    void stop() {
        releaseSlow.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void manyRequestsAtOnceShareNoMoreConnectionsThanThePoolHolds() throws Exception {
        try (KeepAliveConnections pool = new KeepAliveConnections(bootstrap, address(), 4, Duration.ofSeconds(10))) {
            List<CompletableFuture<KeepAliveConnection.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                answers.add(pool.send(HttpMethod.PUT, "/echo?n=" + i, null));
            }
            for (int i = 0; i < answers.size(); i++) {
                KeepAliveConnection.Answer answer = answers.get(i).get(10, TimeUnit.SECONDS);
                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("PUT /echo?n=" + i);
            }
        }
        assertThat(answered).hasValue(200);
        assertThat(clientEnds).hasSizeBetween(1, 4);
    }

    @Test
    void aConnectionTheServerClosesAfterItsAnswerIsOpenedAgainForTheNextRequest() throws Exception {
        KeepAliveConnection connection = new KeepAliveConnection(bootstrap, address());
        try (connection) {
            for (int i = 0; i < 5; i++) {
                byte[] body = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
                KeepAliveConnection.Answer answer = connection.send(HttpMethod.POST, "/close", body,
                        Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
                assertThat(answer.body()).isEqualTo("POST /close {\"n\":" + i + "}");
            }
        }
        assertThat(clientEnds).hasSize(5);
    }

    @Test
    void anAnswerThatNeverComesFailsTheRequestAtItsLimitAndTheConnectionServesTheNextOne() throws Exception {
        KeepAliveConnection connection = new KeepAliveConnection(bootstrap, address());
        try (connection) {
            CompletableFuture<KeepAliveConnection.Answer> slow =
                    connection.send(HttpMethod.GET, "/slow", null, Duration.ofMillis(300));
            assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
            releaseSlow.countDown();
            assertThat(connection.send(HttpMethod.GET, "/echo", null, Duration.ofSeconds(10))
                    .get(10, TimeUnit.SECONDS).body()).isEqualTo("GET /echo");
        }
    }

    private InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange, boolean close) throws IOException {
        clientEnds.add(exchange.getRemoteAddress());
        String body = exchange.getRequestMethod() + " " + exchange.getRequestURI()
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                .transform(text -> text.isEmpty() ? "" : " " + text);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (close) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        answered.incrementAndGet();
        exchange.close();
    }
}
