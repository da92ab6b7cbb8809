package io.seedrpc.spring.autoconfigure;

import io.seedrpc.client.ClientSettings;
import io.seedrpc.cluster.ClusterMode;
import io.seedrpc.transport.ServerLimits;
import io.seedrpc.tls.TlsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * SeedRPC settings, bound from {@code rpc.*}. Values that cannot work are refused when bound, so that the
 * application stops at start with a message naming the property.
 */
@ConfigurationProperties("rpc")
public class RpcProperties {

    /** The RPC server that serves the {@code @RpcService} beans. */
    private final Server server = new Server();

    /** The registries providers register with and consumers discover providers through. */
    private final Registry registry = new Registry();

    /** Defaults for {@code @RpcReference} proxies, and provider addresses for use without a registry. */
    private final Client client = new Client();

    /** What the codecs may deserialize. */
    private final Serialization serialization = new Serialization();

    public Server getServer() {
        return server;
    }

    public Registry getRegistry() {
        return registry;
    }

    public Client getClient() {
        return client;
    }

    public Serialization getSerialization() {
        return serialization;
    }

    /** Settings of the RPC server. */
    public static class Server {

        /** Whether to run the RPC server. Defaults to true when the context has a bean annotated with @RpcService. */
        private Boolean enabled;

        /** The address to bind: 0.0.0.0 for every interface, 127.0.0.1 for this machine only. */
        private String host = "0.0.0.0";

        /** The port to listen on; 0 picks a free one. */
        private int port = 9100;

        /**
         * The host the registry tells clients to connect to. Defaults to the bind address when it is a
         * specific one (127.0.0.1 when bound to 127.0.0.1), else to a non-loopback address of this machine.
         */
        private String advertiseHost;

        /** The most threads running service methods at once. */
        private int workerThreads = 200;

        /** The largest frame accepted from a client; larger requests are refused. */
        private DataSize maxFrameSize = DataSize.ofMegabytes(16);

        /** How long shutdown lets calls in flight finish before closing connections. */
        private Duration drainTimeout = Duration.ofSeconds(10);

        /** The most metadata entries a request may carry; a request with more fails alone with BAD_REQUEST. */
        private int maxMetadataEntries = 64;

        /**
         * The most metadata (keys and values, UTF-8) a request may carry; a request with more fails alone with
         * BAD_REQUEST.
         */
        private DataSize maxMetadataSize = DataSize.ofKilobytes(8);

        /** The most connections open at once, all clients together; one more is closed as soon as it is accepted. */
        private int maxConnections = ServerLimits.DEFAULT_MAX_CONNECTIONS;

        /** The most connections open at once from one remote IP address. */
        private int maxConnectionsPerAddress = ServerLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;

        /** The most calls in flight on one connection; one more is answered SERVER_BUSY, on that connection only. */
        private int maxCallsPerConnection = ServerLimits.DEFAULT_MAX_CALLS_PER_CONNECTION;

        /**
         * Memory the server may hold, all connections together, in large frames still arriving, large requests
         * being served and large answers not yet sent; past it a new large frame is refused with SERVER_BUSY and its
         * connection closed.
         */
        private DataSize memoryBudget = DataSize.ofBytes(ServerLimits.DEFAULT_MEMORY_BUDGET);

        /**
         * Executors of their own (bulkheads) for services that name one in @RpcService(executor = ...), by
         * name: rpc.server.executors.reports.threads=4. Other services share the default executor.
         */
        private Map<String, Executor> executors = new LinkedHashMap<>();

        /** How long a client may leave its answers unread (the server stops reading from it meanwhile) before its connection is closed. */
        private Duration slowReaderTimeout = ServerLimits.DEFAULT_SLOW_READER_TIMEOUT;

        /** HTTP on the RPC port. */
        private final Http http = new Http();

        /** TLS on the RPC port. */
        private final ServerSsl ssl = new ServerSsl();

        public ServerSsl getSsl() {
            return ssl;
        }

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = requireText(host, "rpc.server.host", "a bind address such as 0.0.0.0 or 127.0.0.1");
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("rpc.server.port must be between 0 and 65535 (0 picks a free port), was " + port);
            }
            this.port = port;
        }

        public String getAdvertiseHost() {
            return advertiseHost;
        }

        public void setAdvertiseHost(String advertiseHost) {
            this.advertiseHost = advertiseHost == null || advertiseHost.isBlank() ? null : advertiseHost.strip();
        }

        public int getWorkerThreads() {
            return workerThreads;
        }

        public void setWorkerThreads(int workerThreads) {
            if (workerThreads < 1) {
                throw new IllegalArgumentException("rpc.server.worker-threads must be at least 1, was " + workerThreads);
            }
            this.workerThreads = workerThreads;
        }

        public DataSize getMaxFrameSize() {
            return maxFrameSize;
        }

        public void setMaxFrameSize(DataSize maxFrameSize) {
            long bytes = maxFrameSize.toBytes();
            if (bytes < 1024 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("rpc.server.max-frame-size must be between 1KB and 2GB, was " + maxFrameSize);
            }
            this.maxFrameSize = maxFrameSize;
        }

        public Duration getDrainTimeout() {
            return drainTimeout;
        }

        public void setDrainTimeout(Duration drainTimeout) {
            if (drainTimeout.isNegative()) {
                throw new IllegalArgumentException("rpc.server.drain-timeout must not be negative, was " + drainTimeout);
            }
            this.drainTimeout = drainTimeout;
        }

        public int getMaxMetadataEntries() {
            return maxMetadataEntries;
        }

        public void setMaxMetadataEntries(int maxMetadataEntries) {
            if (maxMetadataEntries < 0 || maxMetadataEntries > 65_535) {
                throw new IllegalArgumentException("rpc.server.max-metadata-entries must be between 0 and 65535, was "
                        + maxMetadataEntries);
            }
            this.maxMetadataEntries = maxMetadataEntries;
        }

        public DataSize getMaxMetadataSize() {
            return maxMetadataSize;
        }

        public void setMaxMetadataSize(DataSize maxMetadataSize) {
            long bytes = maxMetadataSize.toBytes();
            if (bytes < 0 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("rpc.server.max-metadata-size must be between 0B and 2GB, was "
                        + maxMetadataSize);
            }
            this.maxMetadataSize = maxMetadataSize;
        }

        public Http getHttp() {
            return http;
        }

        /** HTTP on the RPC port, next to the binary protocol. */
        public static class Http {

            /**
             * Whether the RPC port speaks HTTP: JSON calls (POST /rpc/{service}/{method}), their description
             * (GET /rpc), the debug page (GET /debug/rpc) and CONNECT tunnels. Off, it speaks the binary protocol only.
             */
            private boolean enabled = true;

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }
        }

        public Map<String, Executor> getExecutors() {
            return executors;
        }

        public void setExecutors(Map<String, Executor> executors) {
            this.executors = new LinkedHashMap<>(executors);
        }

        public int getMaxConnections() {
            return maxConnections;
        }

        public void setMaxConnections(int maxConnections) {
            this.maxConnections = requireAtLeastOne(maxConnections, "rpc.server.max-connections");
        }

        public int getMaxConnectionsPerAddress() {
            return maxConnectionsPerAddress;
        }

        public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
            this.maxConnectionsPerAddress = requireAtLeastOne(maxConnectionsPerAddress,
                    "rpc.server.max-connections-per-address");
        }

        public int getMaxCallsPerConnection() {
            return maxCallsPerConnection;
        }

        public void setMaxCallsPerConnection(int maxCallsPerConnection) {
            this.maxCallsPerConnection = requireAtLeastOne(maxCallsPerConnection,
                    "rpc.server.max-calls-per-connection");
        }

        public DataSize getMemoryBudget() {
            return memoryBudget;
        }

        public void setMemoryBudget(DataSize memoryBudget) {
            if (memoryBudget.toBytes() < 1024 * 1024) {
                throw new IllegalArgumentException("rpc.server.memory-budget must be at least 1MB, was " + memoryBudget);
            }
            this.memoryBudget = memoryBudget;
        }

        public Duration getSlowReaderTimeout() {
            return slowReaderTimeout;
        }

        public void setSlowReaderTimeout(Duration slowReaderTimeout) {
            this.slowReaderTimeout = requirePositive(slowReaderTimeout, "rpc.server.slow-reader-timeout");
        }
    }

    /** One bulkhead: an executor of its own for the services that name it. */
    public static class Executor {

        /** The most calls of its services running at once. */
        private int threads = 10;

        /** The most calls of its services waiting for a thread; past it they are answered SERVER_BUSY. */
        private int queueCapacity = 100;

        public int getThreads() {
            return threads;
        }

        public void setThreads(int threads) {
            this.threads = requireAtLeastOne(threads, "rpc.server.executors.<name>.threads");
        }

        public int getQueueCapacity() {
            return queueCapacity;
        }

        public void setQueueCapacity(int queueCapacity) {
            if (queueCapacity < 0) {
                throw new IllegalArgumentException("rpc.server.executors.<name>.queue-capacity must not be negative, was "
                        + queueCapacity);
            }
            this.queueCapacity = queueCapacity;
        }
    }

    /** Settings of registration and registry-backed discovery. */
    public static class Registry {

        /**
         * Where providers register and consumers discover them: base URLs of registry apps
         * (http://registry:8600, one or more), or one ZooKeeper ensemble (zookeeper://zk1:2181,zk2:2181,zk3:2181,
         * with the rpc-registry-zookeeper module on the class path). Empty: no registry.
         */
        private List<String> addresses = new ArrayList<>();

        /** The addresses as parsed: which backend, and its servers. */
        private RegistryAddresses parsed = RegistryAddresses.parse(List.of());

        /** The bearer token the registries require (their rpc.registry.auth-token); none by default. */
        private String authToken;

        /** Time between a provider's heartbeats; keep it well below the registry's instance TTL (15s). */
        private Duration heartbeatInterval = Duration.ofSeconds(5);

        /** Settings of a ZooKeeper ensemble named in addresses. */
        private final ZooKeeper zookeeper = new ZooKeeper();

        /** TLS towards https:// registries. */
        private final Ssl ssl = new Ssl();

        public Ssl getSsl() {
            return ssl;
        }

        public List<String> getAddresses() {
            return addresses;
        }

        public void setAddresses(List<String> addresses) {
            this.parsed = RegistryAddresses.parse(addresses);
            this.addresses = new ArrayList<>(parsed.normalized());
        }

        /** The registry apps' base URLs; empty when there are none or the addresses name ZooKeeper. */
        public List<URI> registryUrls() {
            return parsed.httpRegistries();
        }

        /** The ZooKeeper ensemble's connect string ({@code zk1:2181,zk2:2181}), or {@code null} without one. */
        public String zooKeeperServers() {
            return parsed.zooKeeperServers();
        }

        public String getAuthToken() {
            return authToken;
        }

        public void setAuthToken(String authToken) {
            this.authToken = authToken == null || authToken.isBlank() ? null : authToken;
        }

        public Duration getHeartbeatInterval() {
            return heartbeatInterval;
        }

        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = requirePositive(heartbeatInterval, "rpc.registry.heartbeat-interval");
        }

        public ZooKeeper getZookeeper() {
            return zookeeper;
        }
    }

    /** Settings of the ZooKeeper ensemble in rpc.registry.addresses; unused with registry apps. */
    public static class ZooKeeper {

        /**
         * How long the ensemble keeps a session after its connection breaks: a provider that dies without
         * deregistering leaves consumers this long after. The servers clamp it to 2 to 20 of their ticks.
         */
        private Duration sessionTimeout = Duration.ofSeconds(15);

        /** The node every path lives under (a chroot): providers are at /namespace/services/service/instance. */
        private String namespace = "seedrpc";

        /** The user to authenticate as (ZooKeeper digest scheme); nodes are then readable by that user only. */
        private String username;

        /** The password of the digest user. */
        private String password;

        public Duration getSessionTimeout() {
            return sessionTimeout;
        }

        public void setSessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = requirePositive(sessionTimeout, "rpc.registry.zookeeper.session-timeout");
        }

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace == null ? "" : namespace.strip();
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            if (username != null && username.contains(":")) {
                throw new IllegalArgumentException("rpc.registry.zookeeper.username must not contain ':'");
            }
            this.username = username == null || username.isBlank() ? null : username.strip();
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password == null || password.isEmpty() ? null : password;
        }
    }

    /** Defaults of the RPC client behind every {@code @RpcReference}. */
    public static class Client {

        /** How long a call waits for its answer, unless its reference sets timeoutMs. */
        private Duration timeout = Duration.ofSeconds(3);

        /** How long opening a connection to a provider may take. */
        private Duration connectTimeout = Duration.ofSeconds(3);

        /** TLS towards the providers. */
        private final Ssl ssl = new Ssl();

        public Ssl getSsl() {
            return ssl;
        }

        /** How many times failover may retry a call on another instance, unless its reference sets retries. */
        private int retries = 2;

        /**
         * How to choose among a service's instances: p2c, random, round-robin, weighted-round-robin,
         * consistent-hash, or the name of a LoadBalancer bean.
         */
        private String loadBalance = "p2c";

        /** What to do when a call fails: retry elsewhere (failover), give up (failfast), or call every instance (broadcast). */
        private ClusterMode cluster = ClusterMode.FAILOVER;

        /**
         * The codec references speak: kryo, json, protobuf (with rpc-codec-protobuf on the class path), or the
         * name of a Codec bean.
         */
        private String codec = "kryo";

        /**
         * Fixed provider addresses by service key (the interface name, plus ":version" when versioned: write
         * such a key in brackets, rpc.client.providers[com.acme.Orders:2.0]), as tcp://host:port lists. Services
         * listed here are not looked up in the registry.
         */
        private Map<String, List<String>> providers = new LinkedHashMap<>();

        /** The most calls waiting for their answers on one connection; one more fails at once with SERVER_BUSY. */
        private int maxPendingCalls = ClientSettings.DEFAULT_MAX_PENDING_CALLS;

        /**
         * Large requests (64KB or more each) one connection may hold that the provider has not read yet; a call that does not fit fails at
         * once with SERVER_BUSY instead of queueing.
         */
        private DataSize maxUnsentSize = DataSize.ofBytes(ClientSettings.DEFAULT_MAX_UNSENT_BYTES);

        public int getMaxPendingCalls() {
            return maxPendingCalls;
        }

        public void setMaxPendingCalls(int maxPendingCalls) {
            this.maxPendingCalls = requireAtLeastOne(maxPendingCalls, "rpc.client.max-pending-calls");
        }

        public DataSize getMaxUnsentSize() {
            return maxUnsentSize;
        }

        public void setMaxUnsentSize(DataSize maxUnsentSize) {
            if (maxUnsentSize.toBytes() < 1024 * 1024) {
                throw new IllegalArgumentException("rpc.client.max-unsent-size must be at least 1MB, was " + maxUnsentSize);
            }
            this.maxUnsentSize = maxUnsentSize;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = requirePositive(timeout, "rpc.client.timeout");
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = requirePositive(connectTimeout, "rpc.client.connect-timeout");
        }

        public int getRetries() {
            return retries;
        }

        public void setRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("rpc.client.retries must be at least 0, was " + retries);
            }
            this.retries = retries;
        }

        public String getLoadBalance() {
            return loadBalance;
        }

        public void setLoadBalance(String loadBalance) {
            this.loadBalance = requireText(loadBalance, "rpc.client.load-balance", "a load balancer name such as p2c");
        }

        public ClusterMode getCluster() {
            return cluster;
        }

        public void setCluster(ClusterMode cluster) {
            this.cluster = cluster;
        }

        public String getCodec() {
            return codec;
        }

        public void setCodec(String codec) {
            this.codec = requireText(codec, "rpc.client.codec", "a codec name such as kryo");
        }

        public Map<String, List<String>> getProviders() {
            return providers;
        }

        public void setProviders(Map<String, List<String>> providers) {
            this.providers = new LinkedHashMap<>(providers);
        }
    }

    /** Settings of the codecs' type allowlist. */
    public static class Serialization {

        /**
         * Packages (with their subpackages) whose classes the codecs may instantiate besides the types the
         * service interfaces reach, e.g. for subclasses of declared types. Never a java.* or javax.* package.
         */
        private List<String> allowedPackages = new ArrayList<>();

        public List<String> getAllowedPackages() {
            return allowedPackages;
        }

        public void setAllowedPackages(List<String> allowedPackages) {
            this.allowedPackages = new ArrayList<>(allowedPackages);
        }
    }

    /** Which Spring Boot SSL bundle to use. */
    public static class Ssl {

        /**
         * Name of the SSL bundle (spring.ssl.bundle.*) whose trust store checks the other side's certificate and
         * whose key store, if any, is this side's certificate. None: plaintext (or the JDK's default CAs for
         * https:// registries).
         */
        private String bundle;

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle == null || bundle.isBlank() ? null : bundle.strip();
        }
    }

    /** Which SSL bundle the RPC port uses, and whether clients must present certificates. */
    public static class ServerSsl {

        /**
         * Name of the SSL bundle (spring.ssl.bundle.*) holding the server's certificate and private key (key
         * store) and, for client certificates, the CAs to trust (trust store). Set: the RPC port speaks TLS only.
         */
        private String bundle;

        /** Whether clients are asked for a certificate: none, want (checked if given) or need (mutual TLS). */
        private TlsSettings.ClientAuth clientAuth = TlsSettings.ClientAuth.NONE;

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle == null || bundle.isBlank() ? null : bundle.strip();
        }

        public TlsSettings.ClientAuth getClientAuth() {
            return clientAuth;
        }

        public void setClientAuth(TlsSettings.ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
        }
    }

    private static Duration requirePositive(Duration value, String property) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be a positive duration, was " + value);
        }
        return value;
    }

    private static int requireAtLeastOne(int value, String property) {
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be at least 1, was " + value);
        }
        return value;
    }

    private static String requireText(String value, String property, String expected) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(property + " must not be blank; expected " + expected);
        }
        return value.strip();
    }
}
