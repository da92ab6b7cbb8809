package io.seedrpc.zookeeper;

import io.seedrpc.internal.DaemonThreads;
import io.seedrpc.internal.Require;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.curator.utils.PathUtils;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ZooKeeper session, shared by a {@link ZooKeeperRegistration} and a {@link ZooKeeperDiscovery} of the same
 * application: the ensemble's connect string, the session timeout, the namespace every path lives under (a
 * chroot), and optional digest authentication.
 *
 * <pre>{@code
 * try (ZooKeeperConnection zk = ZooKeeperConnection.builder("zk1:2181,zk2:2181,zk3:2181").build()) {
 *     zk.start();   // returns at once; connects and reconnects in the background
 *     ...
 * }
 * }</pre>
 *
 * <p>With {@link Builder#digest digest} credentials the session authenticates as that user and every node it
 * creates is readable and writable only by sessions authenticated as the same user; providers and consumers then
 * need the same credentials.
 *
 * <p>Thread-safe. Owns the Curator client and its threads; {@link #close()} ends the session, which removes the
 * ephemeral nodes of every registration still open on it.
 */
public final class ZooKeeperConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperConnection.class);

    private final String connectString;
    private final String namespace;
    private final Duration sessionTimeout;
    private final ServicePaths paths;
    private final CuratorFramework curator;
    private final ExecutorService notifier;
    /** Registrations started on this session and not closed yet: {@link #close()} closes them first. */
    private final Set<ZooKeeperRegistration> openRegistrations = ConcurrentHashMap.newKeySet();
    private volatile ConnectionState state;

    private ZooKeeperConnection(Builder builder) {
        this.connectString = builder.connectString;
        this.namespace = builder.namespace;
        this.sessionTimeout = builder.sessionTimeout;
        this.paths = new ServicePaths(namespace);
        // Named after the namespace, so that a thread dump tells what the session serves. Daemon threads: a
        // session must not keep a JVM alive whose application is done.
        String threadName = "seedrpc-zookeeper-" + (namespace.isEmpty() ? "root" : namespace);
        // Curator runs cache listeners on this executor and never shuts down one it made itself.
        this.notifier = Executors.newSingleThreadExecutor(DaemonThreads.named(threadName + "-notify"));
        CuratorFrameworkFactory.Builder curatorBuilder = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(Math.toIntExact(builder.sessionTimeout.toMillis()))
                .connectionTimeoutMs(Math.toIntExact(builder.connectionTimeout.toMillis()))
                // Closing must not hang on an ensemble that is gone: the session then ends on the servers' side.
                .waitForShutdownTimeoutMs(Math.toIntExact(builder.connectionTimeout.toMillis()))
                .retryPolicy(new BoundedExponentialBackoffRetry(100, 5_000, 10))
                .runSafeService(notifier)
                .threadFactory(DaemonThreads.named(threadName));
        if (builder.digestUser != null) {
            curatorBuilder.authorization("digest",
                            (builder.digestUser + ":" + builder.digestPassword).getBytes(StandardCharsets.UTF_8))
                    .aclProvider(new CreatorOnly());
        }
        this.curator = curatorBuilder.build();
        curator.getConnectionStateListenable().addListener((client, newState) -> onStateChange(newState));
    }

    /**
     * A connection to the ensemble named by {@code connectString}, {@code host:port} pairs separated by commas,
     * e.g. {@code zk1:2181,zk2:2181,zk3:2181}.
     */
    public static Builder builder(String connectString) {
        return new Builder(connectString);
    }

    /** Starts connecting, in the background; returns at once. Registrations and discoveries work once it has. */
    public ZooKeeperConnection start() {
        curator.start();
        return this;
    }

    /** Whether the session is connected to a server of the ensemble right now. */
    public boolean isConnected() {
        ConnectionState current = state;
        return current != null && current.isConnected();
    }

    /**
     * The state of the session, for health reports: {@code connected}, {@code connecting} (never connected
     * yet), {@code suspended} (connection lost, session may survive), {@code lost} (session gone; a new one is
     * being made) or {@code read-only}.
     */
    public String state() {
        ConnectionState current = state;
        if (current == null) {
            return "connecting";
        }
        return switch (current) {
            case CONNECTED, RECONNECTED -> "connected";
            case SUSPENDED -> "suspended";
            case LOST -> "lost";
            case READ_ONLY -> "read-only";
        };
    }

    /** The ensemble and namespace, for logs and errors: {@code zookeeper://zk1:2181,zk2:2181/seedrpc}. */
    public String describe() {
        return "zookeeper://" + connectString + (namespace.isEmpty() ? "" : "/" + namespace);
    }

    /** How long the ensemble keeps the session, and so a provider's nodes, after the connection breaks. */
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    ServicePaths paths() {
        return paths;
    }

    CuratorFramework curator() {
        return curator;
    }

    void opened(ZooKeeperRegistration registration) {
        openRegistrations.add(registration);
    }

    void closed(ZooKeeperRegistration registration) {
        openRegistrations.remove(registration);
    }

    /**
     * Closes the registrations still open on this session (each deletes its nodes, waiting at most its close
     * timeout), then ends the session and stops the client's threads. Idempotent.
     */
    @Override
    public void close() {
        // A node recipe left running on a closed client retries its create on the same stack until it overflows
        // (Curator's PersistentNode), once per watcher event: its registration must end before the session does.
        for (ZooKeeperRegistration registration : List.copyOf(openRegistrations)) {
            registration.close();
        }
        curator.close();
        notifier.shutdownNow();
    }

    private void onStateChange(ConnectionState newState) {
        ConnectionState previous = state;
        state = newState;
        switch (newState) {
            case CONNECTED -> log.info("Connected to ZooKeeper {}", describe());
            case RECONNECTED -> log.info("Connected to ZooKeeper {} again", describe());
            case SUSPENDED -> log.warn("Lost the connection to ZooKeeper {}; reconnecting (the session lasts {} s)",
                    describe(), sessionTimeout.toSeconds());
            case LOST -> log.warn("The ZooKeeper session with {} is gone{}; a new one is made once a server answers",
                    describe(), previous == ConnectionState.SUSPENDED ? " (no server answered in time)" : "");
            case READ_ONLY -> log.warn("ZooKeeper {} is read-only (no quorum)", describe());
        }
    }

    /** Nodes this session creates: every right for the authenticated user, nothing for anyone else. */
    private static final class CreatorOnly implements ACLProvider {

        @Override
        public List<ACL> getDefaultAcl() {
            return ZooDefs.Ids.CREATOR_ALL_ACL;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
            return ZooDefs.Ids.CREATOR_ALL_ACL;
        }
    }

    /** Settings of a {@link ZooKeeperConnection}. */
    public static final class Builder {

        private final String connectString;
        private String namespace = "seedrpc";
        private Duration sessionTimeout = Duration.ofSeconds(15);
        private Duration connectionTimeout = Duration.ofSeconds(5);
        private String digestUser;
        private String digestPassword;

        private Builder(String connectString) {
            this.connectString = parseConnectString(connectString);
        }

        /**
         * The node every path lives under (a chroot), {@code seedrpc} by default, so that providers are at
         * {@code /seedrpc/services/<service key>/<instance id>}; {@code ""} for the root. Several fleets share an
         * ensemble under namespaces of their own.
         */
        public Builder namespace(String namespace) {
            Objects.requireNonNull(namespace, "namespace");
            String trimmed = namespace.strip();
            while (trimmed.startsWith("/")) {
                trimmed = trimmed.substring(1);
            }
            if (!trimmed.isEmpty()) {
                try {
                    PathUtils.validatePath("/" + trimmed);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("ZooKeeper namespace '" + namespace + "' is not a valid path: "
                            + e.getMessage(), e);
                }
            }
            this.namespace = trimmed;
            return this;
        }

        /**
         * How long the ensemble keeps the session after the connection breaks: a provider that dies without
         * deregistering disappears from consumers this long after. 15 s by default, like the registry app's
         * instance TTL; the servers clamp it to between 2 and 20 of their ticks.
         */
        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = Require.positive(sessionTimeout, "sessionTimeout");
            return this;
        }

        /** How long connecting to a server may take before the next is tried; 5 s by default. */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = Require.positive(connectionTimeout, "connectionTimeout");
            return this;
        }

        /**
         * Authenticates the session with ZooKeeper's {@code digest} scheme and makes the nodes it creates
         * accessible only to this user. Providers and consumers must use the same credentials.
         */
        public Builder digest(String user, String password) {
            if (user == null || user.isBlank() || user.contains(":")) {
                throw new IllegalArgumentException("ZooKeeper digest user must not be blank or contain ':'");
            }
            this.digestUser = user;
            this.digestPassword = Objects.requireNonNull(password, "password");
            return this;
        }

        public ZooKeeperConnection build() {
            return new ZooKeeperConnection(this);
        }

        private static String parseConnectString(String connectString) {
            if (connectString == null || connectString.isBlank()) {
                throw new IllegalArgumentException("ZooKeeper connect string must name at least one host:port");
            }
            String stripped = connectString.strip();
            if (stripped.contains("/")) {
                throw new IllegalArgumentException("ZooKeeper connect string '" + connectString + "' has a path; "
                        + "set the namespace instead");
            }
            for (String server : stripped.split(",", -1)) {
                String hostPort = server.strip();
                int colon = hostPort.lastIndexOf(':');
                String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("ZooKeeper connect string '" + connectString
                            + "' has an empty or malformed host: '" + server + "'");
                }
                if (colon >= 0) {
                    String port = hostPort.substring(colon + 1);
                    if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                        throw new IllegalArgumentException("ZooKeeper connect string '" + connectString
                                + "' has a bad port in '" + server + "'");
                    }
                }
            }
            return stripped.replace(" ", "");
        }
    }
}
