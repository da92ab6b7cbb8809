package io.seedrpc.registry;

import io.seedrpc.internal.Causes;
import io.seedrpc.internal.Require;
import io.seedrpc.registry.api.InstancesSnapshot;
import io.seedrpc.registry.api.LeaseBody;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.registry.api.ServiceCount;
import io.seedrpc.registry.api.ServiceList;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A typed client of one registry's REST API ({@code docs/registry-api.md}).
 *
 * <p>Every method is asynchronous and returns at once; every request carries a timeout, so every future
 * completes. A future fails with {@link RegistryException} naming the URL and, if the registry answered, the
 * status and its message. Thread-safe; one client may be shared freely.
 *
 * <p>The {@link HttpClient} is either given to the {@link Builder} (the caller keeps owning it) or created for
 * this client. On Java 17 an {@code HttpClient} cannot be closed; its daemon threads end once it is unreachable.
 */
public final class RegistryClient {

    private static final String JSON = "application/json";

    private final URI baseUri;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final String authorization;
    private final JsonMapper json;

    private RegistryClient(Builder builder) {
        String base = builder.baseUri.toString();
        this.baseUri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.requestTimeout = builder.requestTimeout;
        this.http = builder.httpClient != null ? builder.httpClient
                : HttpClients.create(builder.requestTimeout, builder.sslContext);
        this.authorization = builder.authToken == null ? null : "Bearer " + builder.authToken;
        // Lenient on unknown fields so that a newer registry may add some without breaking older clients.
        this.json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /** A client of the registry whose API lives under {@code baseUri}, e.g. {@code http://registry:8600}. */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    /** A client with default settings: no token, 5 s per request. */
    public static RegistryClient create(URI baseUri) {
        return builder(baseUri).build();
    }

    /** The registry's base URL, without a trailing slash. */
    public URI baseUri() {
        return baseUri;
    }

    /**
     * Registers {@code instance}, or refreshes it when the registry already has its id.
     *
     * @return the lease: the id to heartbeat with and the TTL the registry applies
     */
    public CompletableFuture<Lease> register(RegistryInstance instance) {
        Objects.requireNonNull(instance, "instance");
        HttpRequest request = request("/api/v1/instances", requestTimeout)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(instance)))
                .build();
        return send(request, response -> {
            expect(request, response, 200, 201);
            LeaseBody body = read(request, response, LeaseBody.class);
            return new Lease(body.id(), Duration.ofMillis(body.ttlMs()), response.statusCode() == 201);
        });
    }

    /**
     * Renews the instance's lease.
     *
     * @return {@code true} when renewed, {@code false} when the registry does not know the id (it restarted, or
     *         evicted the instance): register again
     */
    public CompletableFuture<Boolean> heartbeat(String id) {
        HttpRequest request = request("/api/v1/instances/" + segment(id) + "/heartbeat", requestTimeout)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build();
        return send(request, response -> {
            if (response.statusCode() == 404) {
                return false;
            }
            expect(request, response, 200);
            return true;
        });
    }

    /** Removes the instance; succeeds too when the registry did not know it. */
    public CompletableFuture<Void> deregister(String id) {
        HttpRequest request = request("/api/v1/instances/" + segment(id), requestTimeout).DELETE().build();
        return send(request, response -> {
            expect(request, response, 204, 404);
            return null;
        });
    }

    /** Every service the registry knows, with its live instance count, sorted by name. */
    public CompletableFuture<List<ServiceCount>> services() {
        HttpRequest request = request("/api/v1/services", requestTimeout).GET().build();
        return send(request, response -> {
            expect(request, response, 200);
            return read(request, response, ServiceList.class).services();
        });
    }

    /** The live instances of {@code service} now; an empty snapshot with index 0 when there are none. */
    public CompletableFuture<InstancesSnapshot> instances(String service) {
        return instances(service, "", requestTimeout);
    }

    /**
     * A blocking query: completes when the service's index differs from {@code index} (at once if it already
     * does), or with the unchanged snapshot once {@code wait} has passed. The registry caps {@code wait}.
     */
    public CompletableFuture<InstancesSnapshot> watch(String service, long index, Duration wait) {
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative, was " + wait);
        }
        return instances(service, "?index=" + index + "&wait=" + wait.toMillis() + "ms",
                wait.plus(requestTimeout));
    }

    private CompletableFuture<InstancesSnapshot> instances(String service, String query, Duration timeout) {
        HttpRequest request = request("/api/v1/services/" + segment(service) + "/instances" + query, timeout)
                .GET()
                .build();
        return send(request, response -> {
            expect(request, response, 200);
            return read(request, response, InstancesSnapshot.class);
        });
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUri + path))
                .timeout(timeout)
                .header("Accept", JSON);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private <T> CompletableFuture<T> send(HttpRequest request, Function<HttpResponse<String>, T> handler) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = Causes.unwrap(failure);
                        throw new RegistryException(request.method(), request.uri(), RegistryException.NO_RESPONSE,
                                String.valueOf(cause), cause);
                    }
                    return handler.apply(response);
                });
    }

    private void expect(HttpRequest request, HttpResponse<String> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new RegistryException(request.method(), request.uri(), response.statusCode(),
                errorDetail(response.body()), null);
    }

    private <T> T read(HttpRequest request, HttpResponse<String> response, Class<T> type) {
        try {
            return json.readValue(response.body(), type);
        } catch (JacksonException e) {
            throw new RegistryException(request.method(), request.uri(), response.statusCode(),
                    "unreadable answer: " + e.getOriginalMessage(), e);
        }
    }

    /** The registry's own error message when the body is its JSON error, else the start of the body. */
    private String errorDetail(String body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asString();
            }
        } catch (JacksonException notJson) {
            // Not the registry's error format (a proxy's page, say): show the text itself.
        }
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }

    private static String segment(String value) {
        Objects.requireNonNull(value, "path value");
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Settings of a {@link RegistryClient}. */
    public static final class Builder {

        private final URI baseUri;
        private HttpClient httpClient;
        private Duration requestTimeout = Duration.ofSeconds(5);
        private String authToken;
        private SSLContext sslContext;

        private Builder(URI baseUri) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
            if (baseUri.getScheme() == null || baseUri.getHost() == null) {
                throw new IllegalArgumentException("registry URL needs a scheme and a host: " + baseUri);
            }
        }

        /** The HTTP client to send with; the caller keeps owning it. By default the client creates its own. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** How long one request may take (a watch gets this on top of its wait); 5 s by default. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Require.positive(requestTimeout, "requestTimeout");
            return this;
        }

        /** The token sent as {@code Authorization: Bearer <token>}; none by default. */
        public Builder authToken(String authToken) {
            this.authToken = authToken == null || authToken.isBlank() ? null : authToken;
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

        public RegistryClient build() {
            return new RegistryClient(this);
        }
    }
}
