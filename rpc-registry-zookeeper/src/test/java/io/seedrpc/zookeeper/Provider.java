package io.seedrpc.zookeeper;

import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.server.RpcServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A provider as an application runs one: an RPC server on loopback, registered on ZooKeeper once it listens. */
final class Provider implements AutoCloseable {

    static final String WHO = Who.class.getName();

    final String name;
    final RpcServer server;
    final ZooKeeperConnection connection;
    final ZooKeeperRegistration registration;

    private Provider(String name, RpcServer server, ZooKeeperConnection connection,
                     ZooKeeperRegistration registration) {
        this.name = name;
        this.server = server;
        this.connection = connection;
        this.registration = registration;
    }

    static Provider start(String name, ZooKeeperConnection.Builder connection) {
        RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).drainTimeout(Duration.ofSeconds(2)).build()
                .addService(Who.class, () -> name)
                .start();
        ZooKeeperConnection zk = connection.build().start();
        RegistryInstance instance = new RegistryInstance(null, "127.0.0.1", server.port(), List.of(WHO), 100,
                Map.of("name", name));
        ZooKeeperRegistration registration = ZooKeeperRegistration.builder(instance).connection(zk).build();
        registration.start();
        return new Provider(name, server, zk, registration);
    }

    int port() {
        return server.port();
    }

    /** Deregisters, then drains and closes the server, then ends the session: the order an application uses. */
    @Override
    public void close() {
        registration.close();
        server.close();
        connection.close();
    }
}
