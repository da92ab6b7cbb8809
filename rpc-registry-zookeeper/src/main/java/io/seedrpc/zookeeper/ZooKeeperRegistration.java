package io.seedrpc.zookeeper;

import io.seedrpc.internal.DaemonThreads;
import io.seedrpc.internal.Require;
import io.seedrpc.registry.RegistrationLifecycle;
import io.seedrpc.registry.api.RegistryInstance;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one provider instance registered on ZooKeeper: an ephemeral node per service at
 * {@code /<namespace>/services/<service key>/<instance id>} holding the instance's JSON (host, port, weight,
 * metadata, as the registry app takes it). Curator's {@link PersistentNode} recipe keeps each node there: it is
 * created again after the session expired or was lost and a new one is made, and after anyone deleted it.
 * {@link #close()} deletes the nodes; a provider that dies without closing disappears when its session times out.
 *
 * <p>Call {@link #start()} once the RPC server is listening and {@link #close()} before the server drains, like
 * the core's {@code HeartbeatSender}, whose {@link RegistrationLifecycle} it shares. {@code start()} never blocks.
 * Thread-safe. The connection stays the caller's.
 */
public final class ZooKeeperRegistration implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperRegistration.class);

    private final ZooKeeperConnection connection;
    private final RegistryInstance instance;
    private final Map<String, PersistentNode> nodesByPath;
    private final RegistrationLifecycle lifecycle;

    private ZooKeeperRegistration(Builder builder) {
        this.connection = Objects.requireNonNull(builder.connection, "connection");
        this.instance = builder.instance;
        this.lifecycle = new RegistrationLifecycle("ZooKeeper registration", builder.closeTimeout);
        String id = instance.registeredId();
        byte[] data = new InstanceJson().write(instance);
        Map<String, PersistentNode> nodes = new LinkedHashMap<>();
        for (String service : instance.services()) {
            String path = connection.paths().instance(service, id);
            nodes.put(path, new PersistentNode(connection.curator(), CreateMode.EPHEMERAL, false, path, data));
        }
        this.nodesByPath = Map.copyOf(nodes);
    }

    /** A registration of {@code instance}; name the connection on the builder. */
    public static Builder builder(RegistryInstance instance) {
        return new Builder(instance);
    }

    /**
     * Starts creating the nodes, in the background; returns at once.
     *
     * @throws IllegalStateException when already started or closed
     */
    public void start() {
        lifecycle.start(() -> {
            connection.opened(this);
            nodesByPath.values().forEach(PersistentNode::start);
        });
        log.info("Registering {} at {}:{} on {} under id {}", instance.services(), instance.host(), instance.port(),
                connection.describe(), instance.registeredId());
    }

    /** The paths whose nodes exist as far as this registration knows. */
    public List<String> registeredPaths() {
        List<String> paths = new ArrayList<>();
        nodesByPath.values().forEach(node -> {
            String path = node.getActualPath();
            if (path != null) {
                paths.add(path);
            }
        });
        return paths;
    }

    /** What is registered. */
    public RegistryInstance instance() {
        return instance;
    }

    /**
     * Deletes the nodes, waiting at most the close timeout: while the ensemble is unreachable the deletes are
     * left to Curator's guaranteed delete, and the nodes go at the latest when the session ends. Idempotent.
     */
    @Override
    public void close() {
        // PersistentNode.close() deletes in the foreground and retries while the ensemble is away; a thread of
        // our own bounds that wait, and is interrupted when it is over.
        ExecutorService closer = Executors.newSingleThreadExecutor(
                DaemonThreads.named("seedrpc-zookeeper-deregister-" + instance.registeredId()));
        try {
            lifecycle.close(() -> CompletableFuture.runAsync(this::deleteNodes, closer),
                    "the nodes go when the session ends");
        } finally {
            closer.shutdownNow();
            connection.closed(this);
        }
    }

    private void deleteNodes() {
        for (PersistentNode node : nodesByPath.values()) {
            try {
                node.close();
            } catch (IOException e) {
                log.warn("Could not delete {} from {}; it goes when the session ends", node.getActualPath(),
                        connection.describe(), e);
            }
        }
        log.info("Deregistered {} at {}:{} from {}", instance.services(), instance.host(), instance.port(),
                connection.describe());
    }

    /** Settings of a {@link ZooKeeperRegistration}. */
    public static final class Builder {

        private final RegistryInstance instance;
        private ZooKeeperConnection connection;
        private Duration closeTimeout = Duration.ofSeconds(5);

        private Builder(RegistryInstance instance) {
            this.instance = Objects.requireNonNull(instance, "instance");
        }

        /** The session to register on; it stays the caller's to close, after this registration. */
        public Builder connection(ZooKeeperConnection connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /** How long {@link #close()} waits for the nodes to be deleted; 5 s by default. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = Require.positive(closeTimeout, "closeTimeout");
            return this;
        }

        /**
         * The registration, not started yet.
         *
         * @throws IllegalArgumentException when no connection was named, or a service key or the instance id
         *                                  cannot be a ZooKeeper node name
         */
        public ZooKeeperRegistration build() {
            if (connection == null) {
                throw new IllegalArgumentException("name the ZooKeeper connection to register on");
            }
            return new ZooKeeperRegistration(this);
        }
    }
}
