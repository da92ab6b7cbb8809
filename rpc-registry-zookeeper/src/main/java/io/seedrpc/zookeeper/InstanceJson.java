package io.seedrpc.zookeeper;

import io.seedrpc.Address;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.registry.RegistryInstance;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The data of an instance node: the same JSON the registry app takes on registration, {@code {"id", "host",
 * "port", "services", "weight", "metadata"}}. Reading it is defensive: a node is written by whoever may write the
 * namespace, so size and every field are checked and a bad node is refused with the reason.
 */
final class InstanceJson {

    /** Larger data is not an instance this project wrote; the registry app takes bodies up to the same size. */
    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_WEIGHT = 10_000;

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The id an instance is registered under: its own, or the registry app's name-based UUID of host:port. */
    static String idOf(RegistryInstance instance) {
        return instance.id() != null ? instance.id()
                : UUID.nameUUIDFromBytes((instance.host() + ":" + instance.port()).getBytes(StandardCharsets.UTF_8))
                        .toString();
    }

    byte[] write(RegistryInstance instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", idOf(instance));
        body.put("host", instance.host());
        body.put("port", instance.port());
        body.put("services", instance.services());
        body.put("weight", instance.weight());
        body.put("metadata", instance.metadata());
        return json.writeValueAsBytes(body);
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
        if (node.port() == null || node.port() < 1 || node.port() > 65535) {
            throw new IllegalArgumentException("field port must be between 1 and 65535, was " + node.port());
        }
        int weight = node.weight() == null ? Endpoint.DEFAULT_WEIGHT : node.weight();
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

    /** The fields read; {@code services} and {@code id} are informational (the node's place says both). */
    record Node(String id, String host, Integer port, List<String> services, Integer weight,
                        Map<String, String> metadata) {
    }
}
