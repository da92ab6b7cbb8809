package io.seedrpc.registry.api;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a provider registers: where it listens and which services it offers there. This is the JSON body of
 * {@code POST /api/v1/instances} ({@code {"id", "host", "port", "services", "weight", "metadata"}}) and the data of
 * a ZooKeeper instance node.
 *
 * <p>Checked on construction for what the registry would reject anyway, so a bad address fails where it is
 * configured rather than in a background heartbeat loop. The registry applies further limits (name lengths,
 * counts) and answers {@code 400} when they are exceeded.
 *
 * @param id       a stable id for this instance, or {@code null} to let the registry derive one from
 *                 {@code host:port} ({@link #derivedId}; stable too, so a restarted provider refreshes its old entry)
 * @param host     the address clients connect to; not blank
 * @param port     the port clients connect to, 1 to {@value RegistryLimits#MAX_PORT}
 * @param services the service names offered, e.g. {@code "com.acme.Orders:2.0"}; at least one
 * @param weight   relative share of traffic for load balancers, 0 to {@value RegistryLimits#MAX_WEIGHT};
 *                 {@link #DEFAULT_WEIGHT} is usual
 * @param metadata free-form labels such as {@code zone}, sorted by key; never {@code null}
 */
public record RegistryInstance(String id, String host, int port, List<String> services, int weight,
                               Map<String, String> metadata) {

    /** The weight the registry assumes when none is given. */
    public static final int DEFAULT_WEIGHT = RegistryLimits.DEFAULT_WEIGHT;

    public RegistryInstance {
        if (id != null && id.isBlank()) {
            throw new IllegalArgumentException("id must be null (let the registry choose) or not blank");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > RegistryLimits.MAX_PORT) {
            throw new IllegalArgumentException("port must be between 1 and " + RegistryLimits.MAX_PORT + ", was "
                    + port);
        }
        services = List.copyOf(Objects.requireNonNull(services, "services"));
        if (services.isEmpty()) {
            throw new IllegalArgumentException("services must name at least one service");
        }
        if (weight < 0 || weight > RegistryLimits.MAX_WEIGHT) {
            throw new IllegalArgumentException("weight must be between 0 and " + RegistryLimits.MAX_WEIGHT
                    + ", was " + weight);
        }
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /** An instance with no explicit id, the default weight and no metadata. */
    public static RegistryInstance of(String host, int port, List<String> services) {
        return new RegistryInstance(null, host, port, services, DEFAULT_WEIGHT, Map.of());
    }

    /**
     * The id every registration of {@code host:port} without an id of its own gets: a name-based UUID of
     * {@code host:port}, so that a restarted provider refreshes its old entry instead of adding a second one.
     */
    public static String derivedId(String host, int port) {
        return UUID.nameUUIDFromBytes((host + ":" + port).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The id the instance is registered under: its own, or the one {@link #derivedId} gives its address. */
    public String registeredId() {
        return id != null ? id : derivedId(host, port);
    }

    /** The same instance under the given id. */
    public RegistryInstance withId(String newId) {
        return new RegistryInstance(newId, host, port, services, weight, metadata);
    }
}
