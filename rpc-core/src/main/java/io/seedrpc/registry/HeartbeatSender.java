package io.seedrpc.registry;

import io.seedrpc.internal.Backoff;
import io.seedrpc.internal.DaemonThreads;
import io.seedrpc.internal.Require;
import io.seedrpc.registry.api.RegistryInstance;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;

/**
 * Keeps one provider instance registered with one or more registries, each independently: registers on
 * {@link #start()}, heartbeats every interval, registers again when a registry answers that it does not know
 * the instance (it restarted, or evicted it), retries with capped exponential backoff and jitter while a
 * registry is unreachable, and deregisters on {@link #close()}. It never gives up on its own: only
 * {@code close()} ends the heartbeats. An outage is logged once at WARN and its end once at INFO.
 *
 * <p>Call {@code start()} once the RPC server is listening, so that no client is sent to a port that is not
 * open yet, and {@code close()} before the server stops. {@code start()} never blocks: registering happens in
 * the background. Thread-safe.
 *
 * <p>Ownership: a scheduler passed to {@link Builder#scheduler} stays the caller's, to shut down after closing
 * this sender; without one the sender creates a single daemon thread named {@code seedrpc-heartbeat-<host>:<port>}
 * and shuts it down in {@code close()}. The same holds for {@link Builder#httpClient}; a client the sender creates
 * cannot be closed on Java 17 and its daemon threads end once it is unreachable.
 */
public final class HeartbeatSender implements AutoCloseable {

    private final Map<URI, Renewal> renewals;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final RegistrationLifecycle lifecycle;

    private HeartbeatSender(Builder builder) {
        HttpClient http = builder.httpClient != null ? builder.httpClient
                : HttpClients.create(builder.requestTimeout, builder.sslContext);
        Map<URI, RegistryClient> clients = new LinkedHashMap<>();
        for (URI registry : builder.registries) {
            RegistryClient client = RegistryClient.builder(registry)
                    .httpClient(http)
                    .requestTimeout(builder.requestTimeout)
                    .authToken(builder.authToken)
                    .build();
            if (clients.put(client.baseUri(), client) != null) {
                throw new IllegalArgumentException("registry " + client.baseUri() + " is named twice");
            }
        }
        this.ownsScheduler = builder.scheduler == null;
        // Named after the instance, so that a thread dump tells the senders of one JVM apart.
        this.scheduler = ownsScheduler ? Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(
                "seedrpc-heartbeat-" + builder.instance.host() + ":" + builder.instance.port())) : builder.scheduler;
        this.lifecycle = new RegistrationLifecycle("heartbeat sender", builder.closeTimeout);
        Backoff backoff = new Backoff(builder.initialBackoff, builder.maxBackoff);
        Map<URI, Renewal> byRegistry = new LinkedHashMap<>();
        clients.forEach((uri, client) ->
                byRegistry.put(uri, new Renewal(client, builder.instance, scheduler, builder.interval, backoff)));
        this.renewals = Collections.unmodifiableMap(byRegistry);
    }

    /** A sender for {@code instance}; name at least one registry on the builder. */
    public static Builder builder(RegistryInstance instance) {
        return new Builder(instance);
    }

    /**
     * Starts registering with every registry, in the background; returns at once.
     *
     * @throws IllegalStateException when already started or closed
     */
    public void start() {
        lifecycle.start(() -> renewals.values().forEach(Renewal::start));
    }

    /**
     * The id each registry currently has the instance registered under; a registry is absent while the
     * instance is not registered there (not yet, or being registered again).
     */
    public Map<URI, String> registeredIds() {
        Map<URI, String> ids = new LinkedHashMap<>();
        renewals.forEach((registry, renewal) -> {
            String id = renewal.registeredId();
            if (id != null) {
                ids.put(registry, id);
            }
        });
        return ids;
    }

    /**
     * Stops heartbeating and deregisters from every registry that had the instance, waiting at most the close
     * timeout for them to answer (a registry that does not drops the instance when its TTL passes); then shuts
     * down the scheduler if the sender created it. Idempotent.
     */
    @Override
    public void close() {
        try {
            lifecycle.close(this::deregister, "registries drop the instance once its TTL passes");
        } finally {
            if (ownsScheduler) {
                scheduler.shutdownNow();
            }
        }
    }

    /** Stops every renewal; completes once each has deregistered, or failed to. */
    private CompletableFuture<Void> deregister() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        renewals.values().forEach(renewal -> stops.add(renewal.stop()));
        return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
    }

    /** Settings of a {@link HeartbeatSender}; every duration must be positive. */
    public static final class Builder {

        private final RegistryInstance instance;
        private final List<URI> registries = new ArrayList<>();
        private Duration interval = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(3);
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private String authToken;
        private ScheduledExecutorService scheduler;
        private HttpClient httpClient;
        private SSLContext sslContext;

        private Builder(RegistryInstance instance) {
            this.instance = Objects.requireNonNull(instance, "instance");
        }

        /** Adds a registry by its base URL, e.g. {@code http://registry:8600}. */
        public Builder registry(URI baseUri) {
            registries.add(Objects.requireNonNull(baseUri, "baseUri"));
            return this;
        }

        /** Adds several registries; the instance is kept registered with each of them. */
        public Builder registries(List<URI> baseUris) {
            baseUris.forEach(this::registry);
            return this;
        }

        /** Time between heartbeats; 5 s by default, a third of the registry's default TTL. */
        public Builder interval(Duration interval) {
            this.interval = Require.positive(interval, "interval");
            return this;
        }

        /** How long one request may take; 3 s by default. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Require.positive(requestTimeout, "requestTimeout");
            return this;
        }

        /** The wait after the first failed attempt, doubled after each further one; 500 ms by default. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = Require.positive(initialBackoff, "initialBackoff");
            return this;
        }

        /** The longest wait between attempts while a registry is unreachable; 30 s by default. */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = Require.positive(maxBackoff, "maxBackoff");
            return this;
        }

        /** How long {@link #close()} waits for the registries to confirm deregistration; 5 s by default. */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = Require.positive(closeTimeout, "closeTimeout");
            return this;
        }

        /** The registries' bearer token; none by default. */
        public Builder authToken(String authToken) {
            this.authToken = authToken;
            return this;
        }

        /** A scheduler to run on; it stays the caller's to shut down, after closing the sender. */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The HTTP client to send with; it stays the caller's. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * The TLS context for {@code https://} registries (its trust material checks their certificates; key
         * material if they require client certificates); default the JDK's. Ignored when an HTTP client is given.
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * The sender, not started yet.
         *
         * @throws IllegalArgumentException when no registry was named, one was named twice, or
         *                                  {@code maxBackoff < initialBackoff}
         */
        public HeartbeatSender build() {
            if (registries.isEmpty()) {
                throw new IllegalArgumentException("name at least one registry to heartbeat to");
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
                        + initialBackoff);
            }
            return new HeartbeatSender(this);
        }

    }
}
