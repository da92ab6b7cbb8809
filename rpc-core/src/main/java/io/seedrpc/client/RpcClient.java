package io.seedrpc.client;

import io.seedrpc.Address;
import io.seedrpc.Deadline;
import io.seedrpc.Metadata;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.cluster.ClusterMode;
import io.seedrpc.codec.Codec;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.codec.TypeAllowlist;
import io.seedrpc.discovery.Discovery;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.internal.DaemonThreads;
import io.seedrpc.internal.Require;
import io.seedrpc.invoke.ClientInterceptor;
import io.seedrpc.invoke.Invocation;
import io.seedrpc.invoke.Invoker;
import io.seedrpc.loadbalance.LoadBalancer;
import io.seedrpc.loadbalance.LoadBalancers;
import io.seedrpc.protocol.MethodDescriptor;
import io.seedrpc.protocol.Protocol;
import io.seedrpc.protocol.ServiceKeys;
import io.seedrpc.tls.TlsSettings;
import io.seedrpc.transport.ClientConnection;
import io.seedrpc.transport.ClientTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Calls remote services: typed proxies for everyday use, and {@link #call} for a single call with its own
 * timeout. Owns its I/O threads, one connection per server address and codec shared by all its proxies, and the
 * cluster invokers behind proxies that use discovery.
 *
 * <pre>{@code
 * try (RpcClient client = RpcClient.builder()
 *         .discovery(new StaticDiscovery().add("com.acme.Calculator", "tcp://10.0.0.5:9100", "tcp://10.0.0.6:9100"))
 *         .build()) {
 *     Calculator calc = client.proxy(ReferenceConfig.of(Calculator.class));     // p2c + failover by default
 *     int sum = calc.add(1, 2);                                  // blocking, bounded by the call timeout
 *     CompletableFuture<Integer> later = calc.addAsync(1, 2);    // methods returning a future are async
 *     Calculator direct = client.proxy(Calculator.class, "tcp://127.0.0.1:9100");   // one fixed address
 * }
 * }</pre>
 *
 * <p>Thread-safe. Proxies fail with {@link RpcException} (unchecked), whose status says how; a remote
 * exception the interface method declares is thrown as itself.
 */
public final class RpcClient implements AutoCloseable {

    private final ClientSettings settings;
    private final CodecRegistry codecs;
    private final Codec defaultCodec;
    private final Discovery discovery;
    private final LoadBalancers loadBalancers;
    private final List<ClientInterceptor> interceptors;
    private final ClientTransport transport;
    /** Probes of addresses out of rotation and the sweep of unused connections; one thread. */
    private final ScheduledThreadPoolExecutor scheduler;
    private final AddressHealth health;
    private final ConnectionCache connections;
    private final UnusedConnectionSweeper sweeper;
    private final ScopedMetadata scopedMetadata = new ScopedMetadata();
    private final Map<ReferenceConfig<?>, Object> proxies = new ConcurrentHashMap<>();
    private final Map<ReferenceConfig<?>, ClusterInvoker> clusters = new ConcurrentHashMap<>();

    private RpcClient(Builder builder) {
        this.codecs = builder.codecs != null ? builder.codecs : CodecRegistry.withDefaults(new TypeAllowlist());
        builder.allowedPackages.forEach(codecs.allowlist()::allowPackage);
        this.defaultCodec = codecs.byName(builder.codec);
        this.loadBalancers = LoadBalancers.withDefaults();
        builder.extraLoadBalancers.forEach(loadBalancers::register);
        this.settings = builder.settings(defaultCodec.name(), loadBalancers.get(builder.loadBalance).name());
        this.discovery = builder.discovery;
        this.interceptors = List.copyOf(builder.interceptors);
        this.transport = ClientTransport.create(settings, builder.authToken, builder.tls);
        this.scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("seedrpc-client-pool"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.health = new AddressHealth(scheduler);
        this.connections = new ConnectionCache(transport, health);
        this.sweeper = new UnusedConnectionSweeper(connections, settings.unusedConnectionTimeout(), scheduler);
    }

    /** A builder with the defaults: Kryo, 3 s call timeout, 3 s connect timeout, p2c, failover with 2 retries. */
    public static Builder builder() {
        return new Builder();
    }

    /** A proxy of {@code serviceInterface} (no version) served at {@code address}, with the client's defaults. */
    public <T> T proxy(Class<T> serviceInterface, String address) {
        return proxy(ReferenceConfig.of(serviceInterface).withAddress(address));
    }

    /**
     * A proxy as {@code reference} describes; equal references share one proxy. Creating it opens no
     * connection; the first call does. A reference without an address uses the client's discovery, and a call
     * made while discovery knows no instance fails with {@link StatusCode#NO_PROVIDER} — the proxy works as soon
     * as one appears.
     *
     * @throws IllegalArgumentException when the reference names a class rather than an interface, has no
     *                                  address while the client has no discovery, names an unknown codec,
     *                                  load balancer or cluster mode, or uses a codec that cannot carry one of
     *                                  the interface's methods (the message names the method and the type)
     */
    public <T> T proxy(ReferenceConfig<T> reference) {
        Object proxy = proxies.computeIfAbsent(reference, this::createProxy);
        return reference.serviceInterface().cast(proxy);
    }

    private Object createProxy(ReferenceConfig<?> reference) {
        Class<?> serviceInterface = reference.serviceInterface();
        if (!serviceInterface.isInterface()) {
            throw new IllegalArgumentException("cannot create a reference to " + serviceInterface.getName()
                    + ": it is a class; references must name the service interface");
        }
        Codec codec = reference.codec() == null ? defaultCodec : codecs.byName(reference.codec());
        String serviceKey = ServiceKeys.of(serviceInterface, reference.version());
        checkCodec(codec, serviceInterface, serviceKey);
        Invoker invoker;
        if (reference.address() != null) {
            invoker = new DirectInvoker(connections, reference.address(), codec);
        } else if (discovery != null) {
            LoadBalancer balancer = loadBalancers.get(reference.loadBalance() == null ? settings.loadBalance()
                    : reference.loadBalance());
            ClusterMode mode = reference.cluster() == null ? settings.cluster()
                    : ClusterMode.fromName(reference.cluster());
            int retries = reference.retries() == null ? settings.retries() : reference.retries();
            ClusterInvoker cluster = new ClusterInvoker(serviceKey, discovery, balancer, mode, retries, connections,
                    health, codec);
            clusters.put(reference, cluster);
            invoker = cluster;
        } else {
            throw new InvalidReferenceException(InvalidReferenceException.Problem.NO_ADDRESS_AND_NO_DISCOVERY,
                    serviceKey, "the reference to " + serviceKey + " has no address and the client has no "
                    + "discovery; give the reference an address (tcp://host:port) or the client a discovery");
        }
        codecs.allowlist().allowTypesReachableFrom(serviceInterface);
        Duration timeout = reference.timeout() == null ? settings.callTimeout() : reference.timeout();
        return ServiceProxy.create(serviceInterface, serviceKey, ClientInterceptor.wrap(invoker, interceptors),
                scopedMetadata, timeout, settings.connectAllowance());
    }

    /** Refuses the reference now, naming the method and type, when its codec cannot carry every method. */
    private static void checkCodec(Codec codec, Class<?> serviceInterface, String serviceKey) {
        String reason;
        try {
            reason = codec.checkService(serviceInterface).orElse(null);
        } catch (IllegalArgumentException e) {
            reason = e.getMessage();
        }
        if (reason != null) {
            throw new InvalidReferenceException(InvalidReferenceException.Problem.CODEC_CANNOT_CARRY_SERVICE,
                    serviceKey, "cannot create a reference to " + serviceKey + " with codec " + codec.name() + ": "
                    + reason);
        }
    }

    /**
     * Makes one call to a fixed address with the default codec and its own timeout; the asynchronous primitive
     * the proxies are built on. Never blocks. The future fails with an {@link RpcException} naming the call and
     * address.
     *
     * @param serviceKey the service key, see {@link ServiceKeys}
     * @param method     the interface method, see {@link MethodDescriptor#of}
     * @param timeout    the call's deadline is this long from now; zero or less waits without limit (not
     *                   recommended)
     */
    public CompletableFuture<Object> call(Address address, String serviceKey, MethodDescriptor method,
                                          Object[] args, Duration timeout) {
        return call(address, serviceKey, method, args, timeout, Metadata.empty());
    }

    /**
     * {@link #call(Address, String, MethodDescriptor, Object[], Duration)} with {@code metadata} in the request,
     * on top of the metadata in force on this thread ({@link #withMetadata}).
     */
    public CompletableFuture<Object> call(Address address, String serviceKey, MethodDescriptor method,
                                          Object[] args, Duration timeout, Metadata metadata) {
        Objects.requireNonNull(timeout, "timeout");
        // Zero or less has always reached the connection as "no limit" here; it keeps meaning that.
        Deadline deadline = timeout.isNegative() || timeout.isZero() ? Deadline.none() : Deadline.after(timeout);
        Invocation invocation = new Invocation(serviceKey, method, args == null ? new Object[0] : args, deadline,
                scopedMetadata.current().withAll(metadata));
        return ClientInterceptor.wrap(inv -> connections.call(address, defaultCodec, inv), interceptors)
                .invoke(invocation);
    }

    /**
     * Sends {@code metadata} with every call this thread makes through this client's proxies until the returned
     * scope is closed; use it with try-with-resources:
     *
     * <pre>{@code
     * try (MetadataScope scope = client.withMetadata(Metadata.of("x-tenant", "acme"))) {
     *     orders.place(order);                 // the request carries x-tenant=acme
     * }
     * }</pre>
     *
     * Scopes nest, an inner one adding to the outer's entries. Asynchronous calls take the metadata in force when
     * they are made. Interceptors see it in {@link Invocation#metadata()} and may add to it.
     */
    public MetadataScope withMetadata(Metadata metadata) {
        return scopedMetadata.open(Objects.requireNonNull(metadata, "metadata"));
    }

    /**
     * The pooled connection to {@code address} for the default codec, opening it if needed; for code that wants
     * to check reachability or hold a connection itself.
     */
    public CompletableFuture<ClientConnection> connection(Address address) {
        return connections.connection(address, defaultCodec);
    }

    /** The instances discovery reports for every reference that uses it, by service key. */
    public Map<String, List<Endpoint>> knownEndpoints() {
        Map<String, List<Endpoint>> known = new java.util.TreeMap<>();
        clusters.forEach((reference, cluster) -> known.put(
                ServiceKeys.of(reference.serviceInterface(), reference.version()), cluster.endpoints()));
        return known;
    }

    /** The instances in rotation (discovered and reachable) for every reference that uses discovery. */
    public Map<String, List<Endpoint>> reachableEndpoints() {
        Map<String, List<Endpoint>> reachable = new java.util.TreeMap<>();
        clusters.forEach((reference, cluster) -> reachable.put(
                ServiceKeys.of(reference.serviceInterface(), reference.version()), cluster.reachableEndpoints()));
        return reachable;
    }

    /** The references proxied so far. */
    public List<ReferenceConfig<?>> references() {
        return List.copyOf(proxies.keySet());
    }

    /** The defaults this client was built with. */
    public ClientSettings settings() {
        return settings;
    }

    /** The codecs this client speaks and their allowlist. */
    public CodecRegistry codecs() {
        return codecs;
    }

    /**
     * Closes every connection (pending calls fail with {@link StatusCode#CONNECTION_ERROR}) and every thread the
     * client owns. The discovery given to the builder is not closed: it belongs to whoever built it.
     */
    @Override
    public void close() {
        clusters.values().forEach(ClusterInvoker::close);
        sweeper.close();
        health.close();
        connections.close();
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
    }

    /** Configures an {@link RpcClient}. Not thread-safe. */
    public static final class Builder {

        private String codec = "kryo";
        private Duration callTimeout = Duration.ofSeconds(3);
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration handshakeTimeout = Duration.ofSeconds(3);
        private Duration pingInterval = Duration.ofSeconds(30);
        private int ioThreads;
        private int maxFrameSize = Protocol.DEFAULT_MAX_FRAME_SIZE;
        private String authToken;
        private int maxPendingCalls = ClientSettings.DEFAULT_MAX_PENDING_CALLS;
        private long maxUnsentBytes = ClientSettings.DEFAULT_MAX_UNSENT_BYTES;
        private TlsSettings tls;
        private CodecRegistry codecs;
        private final List<String> allowedPackages = new ArrayList<>();
        private Discovery discovery;
        private String loadBalance = LoadBalancers.DEFAULT;
        private ClusterMode cluster = ClusterMode.FAILOVER;
        private int retries = 2;
        private Duration unusedConnectionTimeout = Duration.ofMinutes(5);
        private final List<LoadBalancer> extraLoadBalancers = new ArrayList<>();
        private final List<ClientInterceptor> interceptors = new ArrayList<>();

        private Builder() {
        }

        /**
         * The codec references use unless they name another: {@code kryo} (default), {@code json}, or one a
         * {@link io.seedrpc.codec.CodecProvider} on the class path adds ({@code protobuf} with rpc-codec-protobuf).
         */
        public Builder codec(String codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** How long a call may wait for its answer unless its reference says otherwise; default 3 s. */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = Require.positive(timeout, "callTimeout");
            return this;
        }

        /** How long opening a TCP connection (and an HTTP tunnel) may take; default 3 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Require.positive(timeout, "connectTimeout");
            return this;
        }

        /** How long the server may take to answer the handshake; default 3 s. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = Require.positive(timeout, "handshakeTimeout");
            return this;
        }

        /** How long a connection may stay silent before it is pinged; default 30 s. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = Require.positive(interval, "pingInterval");
            return this;
        }

        /** I/O threads; default 0, Netty's choice (twice the cores). */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = Require.atLeast(ioThreads, 0, "ioThreads");
            return this;
        }

        /** The largest frame accepted from a server, in bytes; default 16 MiB. */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = Require.atLeast(bytes, 1024, "maxFrameSize");
            return this;
        }

        /** The token to present in every handshake; default none. */
        public Builder authToken(String token) {
            this.authToken = token == null || token.isEmpty() ? null : token;
            return this;
        }

        /**
         * The most calls waiting for their answers on one connection; default 10,000. One more fails at once
         * with {@link StatusCode#SERVER_BUSY} instead of queueing without bound.
         */
        public Builder maxPendingCalls(int max) {
            this.maxPendingCalls = Require.atLeast(max, 1, "maxPendingCalls");
            return this;
        }

        /**
         * Bytes of large requests (64 KiB or more each; smaller ones are bounded by {@link #maxPendingCalls}) one
         * connection may hold that the server has not read yet; default 64 MiB, at least
         * 1 MiB. A call that does not fit fails at once with {@link StatusCode#SERVER_BUSY}: a caller outpacing
         * a slow server hears so instead of filling memory.
         */
        public Builder maxUnsentBytes(long bytes) {
            if (bytes < 1024 * 1024) {
                throw new IllegalArgumentException("maxUnsentBytes must be at least 1 MiB, was " + bytes);
            }
            this.maxUnsentBytes = bytes;
            return this;
        }

        /**
         * Connects to every server over TLS with these settings: the trust material checks each server's
         * certificate and its host name; key material is needed only when servers require client certificates.
         * Default: none (plaintext).
         */
        public Builder tls(TlsSettings tls) {
            this.tls = tls;
            return this;
        }

        /** The codecs to speak, with their shared allowlist; default Kryo and JSON. */
        public Builder codecs(CodecRegistry codecs) {
            this.codecs = Objects.requireNonNull(codecs, "codecs");
            return this;
        }

        /**
         * Lets the codecs instantiate classes of this package (and its subpackages) besides the types reachable
         * from the proxied interfaces.
         */
        public Builder allowPackage(String packageName) {
            allowedPackages.add(packageName);
            return this;
        }

        /** Where references without an address find instances; default none. */
        public Builder discovery(Discovery discovery) {
            this.discovery = discovery;
            return this;
        }

        /**
         * The load balancer references use unless they name another: {@code p2c} (default), {@code random},
         * {@code round-robin}, {@code weighted-round-robin}, {@code consistent-hash}, or one registered here.
         */
        public Builder loadBalance(String name) {
            this.loadBalance = Objects.requireNonNull(name, "loadBalance");
            return this;
        }

        /** Makes {@code balancer} known by its name, replacing a built-in one of that name. */
        public Builder registerLoadBalancer(LoadBalancer balancer) {
            extraLoadBalancers.add(Objects.requireNonNull(balancer, "balancer"));
            return this;
        }

        /** The cluster mode references use unless they name another; default {@link ClusterMode#FAILOVER}. */
        public Builder cluster(ClusterMode mode) {
            this.cluster = Objects.requireNonNull(mode, "cluster");
            return this;
        }

        /**
         * The cluster mode by its configuration name: {@code failover} (default), {@code failfast},
         * {@code broadcast}.
         *
         * @throws IllegalArgumentException when the name is none of them
         */
        public Builder cluster(String mode) {
            return cluster(ClusterMode.fromName(Objects.requireNonNull(mode, "cluster")));
        }

        /** How many times failover may retry a call on another instance; default 2. */
        public Builder retries(int retries) {
            this.retries = Require.atLeast(retries, 0, "retries");
            return this;
        }

        /** Wraps every call in {@code interceptor}; the first added is outermost. */
        public Builder interceptor(ClientInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /**
         * Connections no call has used for this long are closed (and opened again by the next call); default 5
         * minutes. A connection in use but silent is another matter: it is pinged, see {@link #pingInterval}.
         */
        public Builder unusedConnectionTimeout(Duration timeout) {
            this.unusedConnectionTimeout = Require.positive(timeout, "unusedConnectionTimeout");
            return this;
        }

        /**
         * Connections no call has used for this long are closed.
         *
         * @deprecated renamed {@link #unusedConnectionTimeout}, apart from the server's idle timeout, which closes
         *             connections that have gone silent
         */
        @Deprecated
        public Builder idleTimeout(Duration timeout) {
            return unusedConnectionTimeout(timeout);
        }

        /**
         * @throws IllegalArgumentException when the codec or load balancer name is unknown, or the TLS settings
         *                                  cannot be used
         */
        public RpcClient build() {
            return new RpcClient(this);
        }

        /** The one settings record, with the codec and load balancer names as the registries know them. */
        private ClientSettings settings(String codecName, String loadBalanceName) {
            return new ClientSettings(codecName, callTimeout, connectTimeout, handshakeTimeout, pingInterval,
                    loadBalanceName, cluster, retries, unusedConnectionTimeout, maxFrameSize, authToken != null,
                    ioThreads, maxPendingCalls, maxUnsentBytes);
        }

    }
}
