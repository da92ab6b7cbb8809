package io.seedrpc.registry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

/**
 * A burst of new connections waits in the kernel's accept queue until the registry takes it, instead of being
 * dropped. The burst is what a registry restart or a consumer fleet's restart brings: every provider and every
 * blocking query connecting within moments. On a loaded machine the registry's acceptor thread gets the CPU late;
 * with Tomcat's default accept queue of 100 connections the kernel then drops the rest, and their clients only
 * try again after 1 s, 3 s, 7 s... (the capacity tool saw thousands of such drops and heartbeats seconds late,
 * enough for false evictions; docs/benchmarks.md, "Registry capacity").
 *
 * <p>The acceptor is paused here to stand for that starved thread, which makes the test deterministic: it does
 * not depend on how fast this machine is.
 */
class ConnectionBurstTest {

    /** Several times Tomcat's default accept queue, well below the registry's own. */
    private static final int BURST = 600;

    @Test
    void aBurstOfNewConnectionsWaitsForTheRegistryInsteadOfBeingDropped() throws Exception {
        assumeTrue(kernelQueueLimit() >= BURST, "the kernel caps accept queues below " + BURST
                + " (net.core.somaxconn); the registry cannot ask for more than that");
        List<SocketChannel> burst = new ArrayList<>();
        try (RunningRegistry registry = RunningRegistry.start(); Selector selector = Selector.open()) {
            Http http = new Http(registry.uri());
            String id = http.post("/api/v1/instances",
                    "{\"host\":\"10.0.0.1\",\"port\":9100,\"services\":[\"com.acme.Live\"]}").json().get("id")
                    .asString();
            Connector connector = registry.connector();
            connector.pause();
            try {
                for (int i = 0; i < BURST; i++) {
                    SocketChannel channel = SocketChannel.open();
                    burst.add(channel);
                    channel.configureBlocking(false);
                    if (!channel.connect(new InetSocketAddress("127.0.0.1", registry.port()))) {
                        channel.register(selector, SelectionKey.OP_CONNECT);
                    }
                }
                // A connection the kernel queued completes its handshake at once; a dropped one would only be
                // tried again after a second. Two seconds is generous for 600 loopback handshakes even on a loaded
                // 2-core machine, and shorter than the second retry of a dropped one (at 3 s).
                long deadline = System.nanoTime() + 2_000_000_000L;
                while (!selector.keys().isEmpty() && System.nanoTime() < deadline) {
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (((SocketChannel) key.channel()).finishConnect()) {
                            key.cancel();
                        }
                    }
                    selector.selectedKeys().clear();
                }
                long connected = burst.stream().filter(SocketChannel::isConnected).count();
                assertThat(connected).as("connections completed while the registry was not accepting")
                        .isEqualTo(BURST);
            } finally {
                connector.resume();
            }
            // They are connections the registry serves once it accepts again (every tenth asks, to keep it short).
            List<SocketChannel> asking = new ArrayList<>();
            for (int i = 0; i < BURST; i += 10) {
                SocketChannel channel = burst.get(i);
                asking.add(channel);
                channel.configureBlocking(true);
                channel.socket().setSoTimeout(30_000);
                channel.write(StandardCharsets.ISO_8859_1.encode("PUT /api/v1/instances/" + id + "/heartbeat "
                        + "HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            }
            for (SocketChannel channel : asking) {
                assertThat(statusLine(channel)).startsWith("HTTP/1.1 200");
            }
        } finally {
            for (SocketChannel channel : burst) {
                channel.close();
            }
        }
    }

    private static String statusLine(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        var in = channel.socket().getInputStream();
        int read;
        while (buffer.hasRemaining() && (read = in.read()) >= 0 && read != '\r') {
            buffer.put((byte) read);
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
    }

    /** {@code net.core.somaxconn}, the most the kernel queues for one listening socket; 0 when unknown. */
    private static int kernelQueueLimit() {
        // Not Files.readString: it trusts the size procfs reports and reads a single byte here.
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/net/core/somaxconn"))) {
            return Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
