package io.seedrpc.server;

import io.seedrpc.Deadline;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.codec.TypeAllowlist;
import io.seedrpc.internal.Require;
import io.seedrpc.protocol.Protocol;
import io.seedrpc.tls.TlsSettings;
import io.seedrpc.transport.MetadataLimits;
import io.seedrpc.transport.ServerLimits;
import io.seedrpc.transport.ServerTransport;
import io.seedrpc.transport.netty.NettyTransports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Serves objects by interface on one port, over the binary protocol, HTTP CONNECT tunnels, JSON over HTTP
 * ({@code POST /rpc/<service key>/<method>}, described at {@code GET /rpc}) and a debug page at
 * {@code GET /debug/rpc}.
 *
 * <pre>{@code
 * RpcServer server = RpcServer.builder().port(9100).build();
 * server.addService(Calculator.class, new CalculatorImpl());
 * server.start();
 * ...
 * server.close();   // drains calls in flight, then closes
 * }</pre>
 *
 * <p>{@link #start()} returns once the port is bound; the I/O and worker threads are daemon threads, so a
 * program whose only work is serving calls {@link #awaitTermination()}. Thread-safe.
 */
public final class RpcServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

    private final ServerSettings settings;
    private final ServiceRegistry services;
    private final WorkerPools workers;
    private final CallDispatcher dispatcher;
    private final CurrentCall currentCall = new CurrentCall();
    private final ServerTransport transport;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile State state = State.NEW;

    private enum State { NEW, RUNNING, CLOSED }

    private RpcServer(Builder builder) {
        this.settings = builder.settings();
        CodecRegistry codecs = builder.codecs != null ? builder.codecs
                : CodecRegistry.withDefaults(new TypeAllowlist());
        builder.allowedPackages.forEach(codecs.allowlist()::allowPackage);
        this.services = new ServiceRegistry(codecs);
        Map<String, WorkerPools.PoolSize> pools = new LinkedHashMap<>();
        pools.put(WorkerPools.DEFAULT, new WorkerPools.PoolSize(settings.workerThreads(), settings.workerQueueCapacity()));
        pools.putAll(builder.executors);
        this.workers = new WorkerPools(pools, builder.taskExecutor);
        this.dispatcher = new CallDispatcher(services, builder.callListeners, builder.interceptors,
                currentCall);
        this.transport = NettyTransports.server(settings, builder.authToken, builder.tls, codecs, dispatcher,
                new HttpCatalog(services, this::renderDebugPage));
    }

    /** A builder with the defaults: every interface, port 9100, 200 worker threads, 16 MiB frames. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Exposes {@code target} as {@code serviceInterface}, with no version. May be called before or after start.
     *
     * @throws IllegalArgumentException saying why, when it cannot be served (not an interface, not
     *                                  implemented by {@code target}, no methods, already exposed, or a method a
     *                                  codec cannot carry although the interface is meant for it)
     */
    public <T> RpcServer addService(Class<T> serviceInterface, T target) {
        return addService(serviceInterface, target, "");
    }

    /** Exposes {@code target} as {@code serviceInterface} at {@code version} (key {@code Interface:version}). */
    public <T> RpcServer addService(Class<T> serviceInterface, T target, String version) {
        return addService(serviceInterface, target, version, WorkerPools.DEFAULT);
    }

    /**
     * Exposes {@code target} as {@code serviceInterface} at {@code version}, its methods running on the
     * executor named {@code executor} (a bulkhead declared with {@link Builder#executor}), so that its overload
     * cannot take the threads of other services.
     *
     * @throws IllegalArgumentException naming the service and the executors there are, when there is no
     *                                  executor of that name
     */
    public <T> RpcServer addService(Class<T> serviceInterface, T target, String version, String executor) {
        String pool = executor == null || executor.isEmpty() ? WorkerPools.DEFAULT : executor;
        WorkerPools.Pool workerPool = workers.pool(pool).orElseThrow(() -> new IllegalArgumentException(
                "cannot expose " + serviceInterface.getName() + " on executor '" + pool
                        + "': this server has the executors " + workers.names()
                        + "; declare it with RpcServer.Builder.executor (rpc.server.executors." + pool + ".threads)"));
        services.register(serviceInterface, target, version, workerPool);
        return this;
    }

    /**
     * Binds the port and starts serving; returns once the port is bound.
     *
     * @throws io.seedrpc.RpcException naming the host and port when the port cannot be bound
     */
    public synchronized RpcServer start() {
        if (state != State.NEW) {
            throw new IllegalStateException("server already " + state.name().toLowerCase(java.util.Locale.ROOT));
        }
        try {
            transport.start();
        } catch (RuntimeException e) {
            releaseResources();
            state = State.CLOSED;
            terminated.countDown();
            throw e;
        }
        state = State.RUNNING;
        return this;
    }

    /** The port the server listens on; with port 0 configured, the one the system chose. */
    public int port() {
        return transport.port();
    }

    /** The settings this server was built with (the port as configured; see {@link #port()} for the bound one). */
    public ServerSettings settings() {
        return settings;
    }

    /** Whether the server has started and not yet been closed. */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** The services exposed, in no particular order. */
    public List<ExposedService> services() {
        return services.all().stream().map(ServiceDefinition::describe).toList();
    }

    /** Counts and latency of every exposed method. */
    public List<MethodStatsSnapshot> stats() {
        List<MethodStatsSnapshot> snapshots = new ArrayList<>();
        for (ServiceDefinition service : services.all()) {
            for (ServerMethod method : service.methods()) {
                snapshots.add(method.stats().snapshot());
            }
        }
        return snapshots;
    }

    /**
     * The call the current thread serves, for service methods that read its metadata. The same instance for the
     * server's whole life: hand it to service objects when creating them.
     */
    public CurrentCall currentCall() {
        return currentCall;
    }

    /** Connections open now: binary, tunnelled or HTTP. */
    public int connectionCount() {
        return transport.connectionCount();
    }

    /** Calls received and not yet answered. */
    public int callsInFlight() {
        return dispatcher.inFlight();
    }

    /**
     * Bytes held now, all connections together, in large frames still arriving, large requests not yet decoded
     * and large answers not yet sent (64 KiB or more each): what {@link Builder#memoryBudget} bounds.
     */
    public long bufferedBytes() {
        return transport.bufferedBytes();
    }

    private String renderDebugPage() {
        return DebugPage.render(stats(), dispatcher.inFlight(), transport.connectionCount());
    }

    /**
     * Shuts down gracefully: stops accepting connections and tells clients to send no new calls, lets calls in
     * flight finish for up to the drain timeout, then closes every connection and stops every thread (handlers
     * still running are interrupted). Blocks until done. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasRunning = state == State.RUNNING;
        state = State.CLOSED;
        try {
            if (wasRunning) {
                Deadline drainEnds = Deadline.after(settings.drainTimeout());
                transport.stopAccepting();
                if (dispatcher.drain(settings.drainTimeout())) {
                    awaitAnswersQueued();
                    awaitClientsClosed(drainEnds.remaining());
                } else {
                    log.warn("{} calls still running after the drain timeout of {} ms; closing anyway",
                            dispatcher.inFlight(), settings.drainTimeout().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            transport.close();
            releaseResources();
            terminated.countDown();
        }
    }

    /**
     * A call counts as ended just before its answer is queued for writing (so a caller holding the answer sees
     * counts that include it); a worker that has ended its call may still be queueing the answer. Letting the idle
     * workers finish first puts every answer ahead of the connections' close on their event loops.
     */
    private void awaitAnswersQueued() throws InterruptedException {
        workers.shutdown();
        workers.awaitTermination(TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * Gives clients the rest of the drain timeout to close their connections themselves: a request a client sent
     * just before it heard GOAWAY may still be on the wire, and closing under it would fail a call this server
     * would have answered {@code UNAVAILABLE} (which the client retries elsewhere).
     */
    private void awaitClientsClosed(Duration timeout) {
        if (!transport.awaitClientsClosed(timeout)) {
            log.info("{} clients had not closed their connections by the end of the drain timeout of {} ms; "
                    + "closing them", transport.rpcConnectionCount(), settings.drainTimeout().toMillis());
        }
    }

    private void releaseResources() {
        try {
            if (!workers.shutdownNow(5)) {
                log.warn("Worker threads still running 5 s after shutdown; they ignore interrupts");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks until the server is closed. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Blocks until the server is closed or {@code timeout} passes; returns whether it is closed. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Configures an {@link RpcServer}. Not thread-safe. */
    public static final class Builder {

        private String host = "0.0.0.0";
        private int port = 9100;
        private int ioThreads;
        private int workerThreads = 200;
        private int workerQueueCapacity = 1024;
        private int maxFrameSize = Protocol.DEFAULT_MAX_FRAME_SIZE;
        private Duration unfinishedHandshakeTimeout = Duration.ofSeconds(10);
        private Duration silentConnectionTimeout = Duration.ofMinutes(3);
        private Duration drainTimeout = Duration.ofSeconds(10);
        private String authToken;
        private int maxConnections = ServerLimits.DEFAULT_MAX_CONNECTIONS;
        private int maxConnectionsPerAddress = ServerLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        private int maxCallsPerConnection = ServerLimits.DEFAULT_MAX_CALLS_PER_CONNECTION;
        private long memoryBudget = ServerLimits.DEFAULT_MEMORY_BUDGET;
        private int writeBufferLowWaterMark = ServerLimits.DEFAULT_WRITE_BUFFER_LOW_WATER_MARK;
        private int writeBufferHighWaterMark = ServerLimits.DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK;
        private Duration slowReaderTimeout = ServerLimits.DEFAULT_SLOW_READER_TIMEOUT;
        private final Map<String, WorkerPools.PoolSize> executors = new LinkedHashMap<>();
        private Executor taskExecutor;
        private boolean http = true;
        private TlsSettings tls;
        private CodecRegistry codecs;
        private final List<String> allowedPackages = new ArrayList<>();
        private final List<CallListener> callListeners = new ArrayList<>();
        private final List<ServerInterceptor> interceptors = new ArrayList<>();
        private int maxMetadataEntries = MetadataLimits.DEFAULT.maxEntries();
        private int maxMetadataSize = MetadataLimits.DEFAULT.maxBytes();

        private Builder() {
        }

        /** The address to bind; default {@code 0.0.0.0}, every interface. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to bind; default 9100; 0 picks a free one (read it back with {@link RpcServer#port()}). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** I/O threads; default 0, Netty's choice (twice the cores). */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = Require.atLeast(ioThreads, 0, "ioThreads");
            return this;
        }

        /** The most threads running service methods at once; default 200. */
        public Builder workerThreads(int workerThreads) {
            this.workerThreads = Require.atLeast(workerThreads, 1, "workerThreads");
            return this;
        }

        /**
         * How many calls may wait for a worker thread; default 1024. Past that, calls are answered "server busy"
         * at once. 0 means no waiting at all.
         */
        public Builder workerQueueCapacity(int capacity) {
            this.workerQueueCapacity = Require.atLeast(capacity, 0, "workerQueueCapacity");
            return this;
        }

        /** The largest frame accepted from a client, in bytes; default 16 MiB. */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = Require.atLeast(bytes, 1024, "maxFrameSize");
            return this;
        }

        /**
         * How long a new connection may go without completing its handshake before it is closed, and how long an
         * HTTP request may take to arrive whole (it is answered 408); default 10 s. This bounds slow or silent
         * clients; it is not how long a client waits for the server (that is the client's own handshake timeout).
         */
        public Builder unfinishedHandshakeTimeout(Duration timeout) {
            this.unfinishedHandshakeTimeout = Require.positive(timeout, "unfinishedHandshakeTimeout");
            return this;
        }

        /**
         * The old name of {@link #unfinishedHandshakeTimeout(Duration)}.
         *
         * @deprecated the client has a handshake timeout of another meaning (how long it waits for the server) and
         *             another default; use {@link #unfinishedHandshakeTimeout(Duration)}
         */
        @Deprecated
        public Builder handshakeTimeout(Duration timeout) {
            return unfinishedHandshakeTimeout(timeout);
        }

        /**
         * How long a connection may send nothing at all before it is closed; default 3 min (clients ping after 30 s
         * of quiet, so only dead or misbehaving peers reach it).
         */
        public Builder silentConnectionTimeout(Duration timeout) {
            this.silentConnectionTimeout = Require.positive(timeout, "silentConnectionTimeout");
            return this;
        }

        /**
         * The old name of {@link #silentConnectionTimeout(Duration)}.
         *
         * @deprecated "idle" means something else on the client (a connection it has not used for a while is
         *             closed); use {@link #silentConnectionTimeout(Duration)}
         */
        @Deprecated
        public Builder idleTimeout(Duration timeout) {
            return silentConnectionTimeout(timeout);
        }

        /** How long {@link RpcServer#close()} waits for calls in flight; default 10 s. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = Objects.requireNonNull(timeout, "drainTimeout");
            return this;
        }

        /**
         * Whether the port speaks HTTP besides the binary protocol: JSON calls ({@code POST /rpc/<service>/<method>}),
         * {@code GET /rpc}, the debug page and {@code CONNECT} tunnels; default {@code true}. Off, an HTTP request
         * is answered 404 and its connection closed.
         */
        public Builder http(boolean enabled) {
            this.http = enabled;
            return this;
        }

        /**
         * Requires clients to present this token: in their handshake, and on HTTP as
         * {@code Authorization: Bearer <token>}; default none.
         */
        public Builder authToken(String token) {
            this.authToken = token == null || token.isEmpty() ? null : token;
            return this;
        }

        /**
         * The most connections open at once, all clients together; default 1000. One more is closed as soon as
         * it is accepted (with a WARN line, at most one per 10 s).
         */
        public Builder maxConnections(int max) {
            this.maxConnections = Require.atLeast(max, 1, "maxConnections");
            return this;
        }

        /** The most connections open at once from one remote IP address; default 100. */
        public Builder maxConnectionsPerAddress(int max) {
            this.maxConnectionsPerAddress = Require.atLeast(max, 1, "maxConnectionsPerAddress");
            return this;
        }

        /**
         * The most calls in flight on one connection; default 1000. One more is answered {@code SERVER_BUSY}
         * at once, and only that connection is affected.
         */
        public Builder maxCallsPerConnection(int max) {
            this.maxCallsPerConnection = Require.atLeast(max, 1, "maxCallsPerConnection");
            return this;
        }

        /**
         * Bytes the server may hold, all connections together, in large frames still arriving, large requests
         * being served and large answers not yet sent; default 256 MiB, at least 1 MiB. Past it a new large frame
         * (64 KiB or more) is answered {@code SERVER_BUSY} and its connection closed; everyone else goes on.
         */
        public Builder memoryBudget(long bytes) {
            if (bytes < 1024 * 1024) {
                throw new IllegalArgumentException("memoryBudget must be at least 1 MiB, was " + bytes);
            }
            this.memoryBudget = bytes;
            return this;
        }

        /**
         * Backpressure: the server stops reading a connection while more than {@code high} bytes of its answers
         * are unsent, and reads again below {@code low}; defaults 512 KiB and 1 MiB.
         */
        public Builder writeBufferWaterMarks(int low, int high) {
            Require.atLeast(low, 1, "writeBufferLowWaterMark");
            Require.atLeast(high, low, "writeBufferHighWaterMark");
            this.writeBufferLowWaterMark = low;
            this.writeBufferHighWaterMark = high;
            return this;
        }

        /**
         * How long a connection may stay above the high-water mark, its client not reading its answers, before
         * it is closed; default 30 s.
         */
        public Builder slowReaderTimeout(Duration timeout) {
            this.slowReaderTimeout = Require.positive(timeout, "slowReaderTimeout");
            return this;
        }

        /** The one settings record of the server, read by the server and its transport alike. */
        private ServerSettings settings() {
            return new ServerSettings(host, port, ioThreads, workerThreads, workerQueueCapacity, maxFrameSize,
                    unfinishedHandshakeTimeout, silentConnectionTimeout, drainTimeout, authToken != null, http,
                    new ServerLimits(maxConnections, maxConnectionsPerAddress, maxCallsPerConnection, memoryBudget,
                            writeBufferHighWaterMark, writeBufferLowWaterMark, slowReaderTimeout),
                    new MetadataLimits(maxMetadataEntries, maxMetadataSize));
        }

        /**
         * Declares a bulkhead: an executor of its own for the services exposed on it with
         * {@link RpcServer#addService(Class, Object, String, String)}, with at most {@code threads} calls running
         * and {@code queueCapacity} waiting; past that their calls are answered {@code SERVER_BUSY} while other
         * services go on. Services that name no executor share the default one ({@link #workerThreads}).
         */
        public Builder executor(String name, int threads, int queueCapacity) {
            if (name == null || name.isBlank() || WorkerPools.DEFAULT.equals(name)) {
                throw new IllegalArgumentException("an executor needs a name other than '" + WorkerPools.DEFAULT
                        + "', was '" + name + "'");
            }
            executors.put(name, new WorkerPools.PoolSize(Require.atLeast(threads, 1, "threads of executor " + name),
                    Require.atLeast(queueCapacity, 0, "queueCapacity of executor " + name)));
            return this;
        }

        /**
         * Runs every service method on {@code executor} — typically one starting a virtual thread per task on
         * JDK 21+ — instead of on platform worker threads. The bounds stay: each executor (the default and
         * every bulkhead) has at most its threads plus its queue capacity calls in flight, and answers
         * {@code SERVER_BUSY} past that. The server does not shut {@code executor} down; its owner does.
         */
        public Builder taskExecutor(Executor executor) {
            this.taskExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * Serves every connection over TLS with these settings (they need key material); plaintext clients are
         * refused with a reason. The debug page and HTTP CONNECT are then served over TLS too. Default: none.
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
         * from the exposed interfaces.
         */
        public Builder allowPackage(String packageName) {
            allowedPackages.add(packageName);
            return this;
        }

        /** Tells {@code listener} of every finished call, e.g. to record metrics. */
        public Builder callListener(CallListener listener) {
            callListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Runs {@code interceptor} around every call, before its arguments are decoded; the first added is
         * outermost.
         */
        public Builder interceptor(ServerInterceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /**
         * The most metadata entries a request may carry; default 64. A request with more is answered
         * {@code BAD_REQUEST} and not run; the connection goes on.
         */
        public Builder maxMetadataEntries(int entries) {
            this.maxMetadataEntries = new MetadataLimits(entries, maxMetadataSize).maxEntries();
            return this;
        }

        /**
         * The most bytes of metadata (keys and values, UTF-8) a request may carry; default 8 KiB. A request with
         * more is answered {@code BAD_REQUEST} and not run; the connection goes on.
         */
        public Builder maxMetadataSize(int bytes) {
            this.maxMetadataSize = new MetadataLimits(maxMetadataEntries, bytes).maxBytes();
            return this;
        }

        public RpcServer build() {
            return new RpcServer(this);
        }
    }
}
