package io.seedrpc.zookeeper;

import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.discovery.Endpoint;
import java.time.Duration;
import java.util.List;

/** A consumer as an application runs one: an RPC client whose discovery is ZooKeeper. */
final class Consumer implements AutoCloseable {

    final ZooKeeperConnection connection;
    final ZooKeeperDiscovery discovery;
    final RpcClient client;
    final Who who;

    /**
     * Generous for a loaded CI machine, where a first call (class loading, a cold JIT) took over 2 s; the tests
     * that need a short bound pass their own.
     */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    Consumer(ZooKeeperConnection.Builder connection) {
        this(connection, CALL_TIMEOUT);
    }

    Consumer(ZooKeeperConnection.Builder connection, Duration callTimeout) {
        this.connection = connection.build().start();
        this.discovery = ZooKeeperDiscovery.builder(this.connection).build();
        this.client = RpcClient.builder().discovery(discovery).callTimeout(callTimeout).build();
        this.who = client.proxy(ReferenceConfig.of(Who.class));
    }

    List<Integer> knownPorts() {
        return client.knownEndpoints().getOrDefault(Provider.WHO, List.of()).stream()
                .map(Endpoint::address).map(a -> a.port()).sorted().toList();
    }

    @Override
    public void close() {
        client.close();
        discovery.close();
        connection.close();
    }
}
