package io.seedrpc.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connection limits hold: one address cannot take more than its share, and the server as a whole holds no
 * more than its maximum. A refused connection is closed at once; the admitted ones are not disturbed.
 */
@ExtendWith(NoLeakedThreads.class)
class ConnectionLimitsTest {

    private RpcServer server;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void start() {
        server = RpcServer.builder().host("127.0.0.1").port(0).maxConnections(3).maxConnectionsPerAddress(2).build()
                .addService(OrderService.class, new OrderServiceImpl()).start();
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger("io.seedrpc.transport")).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("io.seedrpc.transport")).detachAppender(logs);
        server.close();
    }

    private RawConnection admitted(String from) throws Exception {
        RawConnection raw = new RawConnection(server.port(), from);
        assertThat(raw.handshake(1, null).accepted()).isTrue();
        return raw;
    }

    @Test
    void oneAddressGetsNoMoreThanItsLimit() throws Exception {
        // Each admitted connection completes its handshake before the next opens, so the order is certain.
        try (RawConnection first = admitted("127.0.0.1");
             RawConnection second = admitted("127.0.0.1");
             RawConnection third = new RawConnection(server.port(), "127.0.0.1")) {
            assertThat(third.closedByServer()).isTrue();
            assertThat(server.connectionCount()).isEqualTo(2);
            // Another address still gets in: the limit is per address.
            try (RawConnection other = new RawConnection(server.port(), "127.0.0.2")) {
                assertThat(other.handshake(1, null).accepted()).isTrue();
            }
        }
        assertThat(logs.list).anyMatch(e -> e.getLevel().toString().equals("WARN")
                && e.getFormattedMessage().contains("127.0.0.1 has 2 connections open, the limit per address"));
        // Slots come back when connections close.
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 0);
        try (RpcClient client = RpcClient.builder().build()) {
            assertThat(client.proxy(OrderService.class, "tcp://127.0.0.1:" + server.port()).add(1, 2)).isEqualTo(3);
        }
    }

    @Test
    void theServerHoldsNoMoreThanItsMaximum() throws Exception {
        try (RawConnection a = admitted("127.0.0.2");
             RawConnection b = admitted("127.0.0.3");
             RawConnection c = admitted("127.0.0.4");
             RawConnection refused = new RawConnection(server.port(), "127.0.0.5")) {
            assertThat(refused.closedByServer()).isTrue();
            assertThat(server.connectionCount()).isEqualTo(3);
        }
        assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("3 connections open, its limit"));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount() == 0);
        try (RawConnection again = new RawConnection(server.port(), "127.0.0.5")) {
            assertThat(again.handshake(2, null).accepted()).isTrue();
        }
    }
}
