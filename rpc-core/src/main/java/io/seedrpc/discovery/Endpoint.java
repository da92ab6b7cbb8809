package io.seedrpc.discovery;

import io.seedrpc.Address;

import java.util.Map;
import java.util.Objects;

/**
 * One live instance of a service, as discovery reports it.
 *
 * @param address  where it is served
 * @param weight   its share of traffic relative to the other instances (default 100); 0 takes no traffic while
 *                 any instance with a positive weight is available
 * @param metadata free-form labels from the provider, such as {@code zone}; never {@code null}
 */
public record Endpoint(Address address, int weight, Map<String, String> metadata) {

    /** The weight of an endpoint that does not state one. */
    public static final int DEFAULT_WEIGHT = 100;

    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (weight < 0) {
            throw new IllegalArgumentException("weight of endpoint " + address + " is negative: " + weight);
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** An endpoint with the default weight and no metadata. */
    public static Endpoint of(Address address) {
        return new Endpoint(address, DEFAULT_WEIGHT, Map.of());
    }

    /** An endpoint parsed from {@code tcp://host:port} (or {@code host:port}) with the given weight. */
    public static Endpoint of(String address, int weight) {
        return new Endpoint(Address.parse(address), weight, Map.of());
    }

    @Override
    public String toString() {
        return address + (weight == DEFAULT_WEIGHT ? "" : " (weight " + weight + ")");
    }
}
