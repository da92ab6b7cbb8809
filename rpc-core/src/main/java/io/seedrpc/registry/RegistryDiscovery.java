package io.seedrpc.registry;

import io.seedrpc.discovery.Discovery;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.internal.Backoff;
import io.seedrpc.internal.DaemonThreads;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Discovery backed by one or more SeedRPC registries: the first list of a service is fetched at once, and a
 * blocking query then waits for the next change, so clients hear of a provider joining or leaving in well under
 * a second without polling. While every registry is unreachable the last known list stays in force.
 *
 * <pre>{@code
 * RegistryDiscovery discovery = RegistryDiscovery.builder()
 *         .registry(URI.create("http://registry:8600"))
 *         .build();
 * RpcClient client = RpcClient.builder().discovery(discovery).build();
 * }</pre>
 *
 * <p>Thread-safe. Owns one scheduler thread (for retries) and the HTTP client it builds; {@link #close()} stops
 * every watch.
 */
public final class RegistryDiscovery implements Discovery {

    private final List<RegistryClient> registries;
    private final Duration wait;
    private final Backoff backoff;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<String, ServiceWatch> watches = new ConcurrentHashMap<>();

    private RegistryDiscovery(Builder builder) {
        if (builder.registries.isEmpty()) {
            throw new IllegalArgumentException("registry discovery needs at least one registry URL");
        }
        HttpClient http = HttpClients.create(builder.requestTimeout, builder.sslContext);
        List<RegistryClient> clients = new ArrayList<>();
        for (URI uri : builder.registries) {
            clients.add(RegistryClient.builder(uri).httpClient(http).requestTimeout(builder.requestTimeout)
                    .authToken(builder.authToken).build());
        }
        this.registries = List.copyOf(clients);
        this.wait = builder.wait;
        this.backoff = new Backoff(builder.initialBackoff, builder.maxBackoff);
        this.scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("seedrpc-registry-discovery"));
        scheduler.setRemoveOnCancelPolicy(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Subscription subscribe(String serviceKey, Consumer<List<Endpoint>> listener) {
        ServiceWatch watch = watches.computeIfAbsent(serviceKey, key -> {
            ServiceWatch created = new ServiceWatch(key, registries, scheduler, wait, backoff);
            created.start();
            return created;
        });
        watch.addListener(listener);
        return () -> {
            if (watch.removeListener(listener) && watches.remove(serviceKey, watch)) {
                watch.stop();
            }
        };
    }

    @Override
    public String describe() {
        return "registry " + String.join(", ", registries.stream().map(r -> r.baseUri().toString()).toList());
    }

    /** Stops every watch and the retry thread. */
    @Override
    public void close() {
        watches.values().forEach(ServiceWatch::stop);
        watches.clear();
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Configures a {@link RegistryDiscovery}. */
    public static final class Builder {

        private final List<URI> registries = new ArrayList<>();
        private Duration wait = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private String authToken;
        private SSLContext sslContext;

        private Builder() {
        }

        /** Adds a registry base URL, e.g. {@code http://registry:8600}. */
        public Builder registry(URI baseUri) {
            registries.add(Objects.requireNonNull(baseUri, "baseUri"));
            return this;
        }

        public Builder registries(List<URI> baseUris) {
            baseUris.forEach(this::registry);
            return this;
        }

        /** How long one blocking query waits for a change; default 30 s (the registry may cap it). */
        public Builder watchWait(Duration wait) {
            this.wait = Objects.requireNonNull(wait, "wait");
            return this;
        }

        /** The timeout of a request on top of its wait; default 5 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Retry backoff while registries are unreachable; default 500 ms up to 10 s. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = Objects.requireNonNull(initial, "initial");
            this.maxBackoff = Objects.requireNonNull(max, "max");
            return this;
        }

        /** The token for registries that protect reads; default none. */
        public Builder authToken(String token) {
            this.authToken = token;
            return this;
        }

        /**
         * The TLS context for {@code https://} registries (its trust material checks their certificates; key
         * material if they require client certificates); default the JDK's.
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        public RegistryDiscovery build() {
            return new RegistryDiscovery(this);
        }
    }
}
