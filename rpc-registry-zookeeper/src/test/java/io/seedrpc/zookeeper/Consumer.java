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

    Consumer(ZooKeeperConnection.Builder connection) {
        this.connection = connection.build().start();
        this.discovery = ZooKeeperDiscovery.builder(this.connection).build();
        this.client = RpcClient.builder().discovery(discovery).callTimeout(Duration.ofSeconds(2)).build();
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
