package io.seedrpc.spring.zookeeper;

import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.registry.ServerInstances;
import io.seedrpc.spring.server.ExportedService;
import io.seedrpc.spring.server.RpcServerListener;
import io.seedrpc.zookeeper.ZooKeeperConnection;
import io.seedrpc.zookeeper.ZooKeeperRegistration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the application's RPC server registered on ZooKeeper while it listens: creates its ephemeral nodes once
 * the server has bound its port, and deletes them when it is about to stop, before the calls in flight drain.
 * The same lifecycle as the registry app's {@code RegistryRegistration}, on a session instead of heartbeats.
 */
public final class ZooKeeperServerRegistration implements RpcServerListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperServerRegistration.class);

    private final ZooKeeperConnection connection;
    private final String advertiseHost;
    private final List<ZooKeeperRegistration> registrations = new ArrayList<>();

    /**
     * @param connection    the session to register on; it stays the caller's
     * @param advertiseHost the host clients are told to connect to
     */
    public ZooKeeperServerRegistration(ZooKeeperConnection connection, String advertiseHost) {
        this.connection = connection;
        this.advertiseHost = advertiseHost;
    }

    @Override
    public synchronized void serverStarted(RpcServer server, List<ExportedService> services) {
        if (services.isEmpty()) {
            log.info("RPC server serves no service; nothing to register on {}", connection.describe());
            return;
        }
        for (RegistryInstance instance : ServerInstances.of(advertiseHost, server.port(), services)) {
            ZooKeeperRegistration registration = ZooKeeperRegistration.builder(instance).connection(connection).build();
            registrations.add(registration);
            registration.start();
        }
    }

    @Override
    public void serverStopping(RpcServer server) {
        close();
    }

    /** Deletes this server's nodes. Idempotent. */
    @Override
    public synchronized void close() {
        registrations.forEach(ZooKeeperRegistration::close);
        registrations.clear();
    }

    /** The paths of this server's nodes that exist now. */
    public synchronized List<String> registeredPaths() {
        return registrations.stream().flatMap(r -> r.registeredPaths().stream()).toList();
    }

    /** The host clients are told to connect to. */
    public String advertiseHost() {
        return advertiseHost;
    }
}
