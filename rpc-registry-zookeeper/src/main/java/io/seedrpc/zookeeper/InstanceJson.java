package io.seedrpc.zookeeper;

import io.seedrpc.Address;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.registry.api.RegistryLimits;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The data of an instance node: the same JSON the registry app takes on registration, a {@link RegistryInstance}
 * ({@code {"id", "host", "port", "services", "weight", "metadata"}}) under its registered id. Reading it is
 * defensive: a node is written by whoever may write the namespace, so size and every field are checked against
 * the registry's {@link RegistryLimits} and a bad node is refused with the reason.
 */
final class InstanceJson {

    /** Larger data is not an instance this project wrote; the registry app takes bodies up to the same size. */
    static final int MAX_BYTES = RegistryLimits.DEFAULT_MAX_BODY_BYTES;
    private static final int MAX_WEIGHT = RegistryLimits.MAX_WEIGHT;

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    byte[] write(RegistryInstance instance) {
        return json.writeValueAsBytes(instance.withId(instance.registeredId()));
    }

    /**
     * The endpoint an instance node describes.
     *
     * @throws IllegalArgumentException naming what is wrong with the data
     */
    Endpoint read(byte[] data) {
        if (data == null || data.length == 0) {
            throw new IllegalArgumentException("the node holds no data");
        }
        if (data.length > MAX_BYTES) {
            throw new IllegalArgumentException("the node holds " + data.length + " bytes, more than " + MAX_BYTES);
        }
        Node node;
        try {
            node = json.readValue(data, Node.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the node's data is not instance JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || node.host() == null || node.host().isBlank()) {
            throw new IllegalArgumentException("field host is missing or blank");
        }
        if (node.port() == null || node.port() < 1 || node.port() > RegistryLimits.MAX_PORT) {
            throw new IllegalArgumentException("field port must be between 1 and " + RegistryLimits.MAX_PORT
                    + ", was " + node.port());
        }
        int weight = node.weight() == null ? RegistryLimits.DEFAULT_WEIGHT : node.weight();
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("field weight must be between 0 and " + MAX_WEIGHT + ", was " + weight);
        }
        Address address;
        try {
            address = Address.tcp(node.host(), node.port());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field host: " + e.getMessage(), e);
        }
        return new Endpoint(address, weight, node.metadata());
    }

    /**
     * The fields read, each {@code null} when missing, so that {@link #read} can refuse or default it by name
     * where {@link RegistryInstance}'s own checks could only fail; {@code services} and {@code id} are
     * informational (the node's place says both).
     */
    record Node(String id, String host, Integer port, List<String> services, Integer weight,
                        Map<String, String> metadata) {
    }
}
