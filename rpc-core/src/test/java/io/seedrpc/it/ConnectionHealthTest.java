package io.seedrpc.it;

import io.seedrpc.Address;
import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.discovery.StaticDiscovery;
import io.seedrpc.server.RpcServer;
import io.seedrpc.transport.ClientConnection;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The client's connection pool: idle connections close, dead addresses leave rotation and come back. */
@ExtendWith(NoLeakedThreads.class)
class ConnectionHealthTest {

    private static final String SERVICE = WhereService.class.getName();

    @Test
    void idleConnectionsAreClosedAndReopenedOnDemand() throws Exception {
        try (RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).build()
                .addService(WhereService.class, new WhereServiceImpl("a", 0)).start();
             RpcClient client = RpcClient.builder().unusedConnectionTimeout(Duration.ofMillis(300)).build()) {
            Address address = Address.tcp("127.0.0.1", server.port());
            WhereService where = client.proxy(WhereService.class, address.toString());
            assertThat(where.where(0)).isEqualTo("a");
            ClientConnection first = client.connection(address).get(5, TimeUnit.SECONDS);
            assertThat(first.closeFuture()).succeedsWithin(Duration.ofSeconds(5));
            assertThat(where.where(0)).isEqualTo("a");
            assertThat(client.connection(address).get(5, TimeUnit.SECONDS)).isNotSameAs(first);
        }
    }

    @Test
    void aSilentConnectionIsPingedEveryIntervalAndClosedWhenNothingComesBack() throws Exception {
        try (ScriptedServer server = new ScriptedServer();
             RpcClient client = RpcClient.builder().pingInterval(Duration.ofMillis(200)).build()) {
            ClientConnection connection = client.connection(Address.tcp("127.0.0.1", server.port()))
                    .get(5, TimeUnit.SECONDS);
            // The client has written nothing since its handshake: it pings, and again an interval later.
            assertThat(server.nextFrameType()).isEqualTo(FrameType.PING);
            assertThat(server.nextFrameType()).isEqualTo(FrameType.PING);
            // This server never answers, so after three silent intervals the client gives the connection up.
            assertThat(connection.closeFuture()).succeedsWithin(Duration.ofSeconds(5));
        }
    }

    @Test
    void aDeadAddressLeavesRotationAtOnceAndReturnsWhenItIsBack() throws Exception {
        RpcServer a = RpcServer.builder().host("127.0.0.1").port(0).drainTimeout(Duration.ZERO).build()
                .addService(WhereService.class, new WhereServiceImpl("a", 0)).start();
        int portA = a.port();
        RpcServer b = RpcServer.builder().host("127.0.0.1").port(0).build()
                .addService(WhereService.class, new WhereServiceImpl("b", 0)).start();
        StaticDiscovery discovery = new StaticDiscovery();
        discovery.update(SERVICE, List.of(Endpoint.of(Address.tcp("127.0.0.1", portA)),
                Endpoint.of(Address.tcp("127.0.0.1", b.port()))));
        RpcServer restarted = null;
        try (RpcClient client = RpcClient.builder().discovery(discovery).build()) {
            WhereService where = client.proxy(ReferenceConfig.of(WhereService.class).withLoadBalance("round-robin"));
            assertThat(List.of(where.where(0), where.where(0))).containsExactlyInAnyOrder("a", "b");
            a.close();
            await().atMost(Duration.ofSeconds(2)).until(() -> !client.knownEndpoints().isEmpty()
                    && reachable(client).size() == 1);
            for (int i = 0; i < 20; i++) {
                assertThat(where.where(0)).isEqualTo("b");
            }
            restarted = RpcServer.builder().host("127.0.0.1").port(portA).build()
                    .addService(WhereService.class, new WhereServiceImpl("a-again", 0)).start();
            // Probes back off from 100 ms up to 5 s; the address is back well within that.
            await().atMost(Duration.ofSeconds(10)).until(() -> reachable(client).size() == 2);
            boolean servedByA = false;
            for (int i = 0; i < 10 && !servedByA; i++) {
                servedByA = where.where(0).equals("a-again");
            }
            assertThat(servedByA).isTrue();
        } finally {
            a.close();
            b.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    private static List<Endpoint> reachable(RpcClient client) {
        return client.reachableEndpoints().getOrDefault(SERVICE, List.of());
    }
}
