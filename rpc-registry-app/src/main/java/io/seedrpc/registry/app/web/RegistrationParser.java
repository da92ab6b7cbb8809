package io.seedrpc.registry.app.web;

import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.registry.app.RegistryProperties;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.seedrpc.registry.api.RegistryLimits.DEFAULT_WEIGHT;
import static io.seedrpc.registry.api.RegistryLimits.ID_CHARACTERS;
import static io.seedrpc.registry.api.RegistryLimits.MAX_HOST_LENGTH;
import static io.seedrpc.registry.api.RegistryLimits.MAX_ID_LENGTH;
import static io.seedrpc.registry.api.RegistryLimits.MAX_METADATA_KEY_LENGTH;
import static io.seedrpc.registry.api.RegistryLimits.MAX_METADATA_VALUE_LENGTH;
import static io.seedrpc.registry.api.RegistryLimits.MAX_PORT;
import static io.seedrpc.registry.api.RegistryLimits.MAX_WEIGHT;

/**
 * Reads a registration body field by field, so that every refusal names the field at fault and says what to
 * fix. Unknown fields are ignored, so newer clients can send more. Thread-safe.
 */
final class RegistrationParser {

    private static final Pattern ID = Pattern.compile("[" + ID_CHARACTERS + "]+");
    /** Service names too, and they may not hold what would split or end a path segment. */
    private static final Pattern SERVICE_FORBIDDEN = Pattern.compile("[\\s/\\\\?#%;*]|\\p{Cntrl}");
    private static final Pattern HOST_FORBIDDEN = Pattern.compile("[\\s/\\\\?#@]|\\p{Cntrl}");

    private final RegistryProperties.Limits limits;
    private final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    RegistrationParser(RegistryProperties.Limits limits) {
        this.limits = limits;
    }

    /**
     * The registration in {@code body}, with an id derived from host and port when it names none.
     *
     * @throws InvalidRequestException naming the first field found wrong
     */
    RegistryInstance parse(byte[] body) {
        JsonNode root = readTree(body);
        String host = host(root);
        int port = port(root);
        return new RegistryInstance(id(root, host, port), host, port, services(root), weight(root), metadata(root));
    }

    private JsonNode readTree(byte[] body) {
        if (body.length == 0) {
            throw new InvalidRequestException("body", "the body is empty; send the instance as a JSON object");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidRequestException("body", "malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException("body", "the body must be a JSON object describing the instance");
        }
        return root;
    }

    private static String id(JsonNode root, String host, int port) {
        JsonNode id = root.get("id");
        if (id == null || id.isNull()) {
            return RegistryInstance.derivedId(host, port);
        }
        String value = text(id, "id");
        if (value.isEmpty() || value.length() > MAX_ID_LENGTH || !ID.matcher(value).matches()) {
            throw new InvalidRequestException("id", "id must be 1 to " + MAX_ID_LENGTH
                    + " characters of letters, digits and . _ : @ -, or be left out to derive one from host:port");
        }
        return value;
    }

    private static String host(JsonNode root) {
        String host = text(required(root, "host"), "host");
        if (host.isBlank()) {
            throw new InvalidRequestException("host", "host must not be empty");
        }
        if (host.length() > MAX_HOST_LENGTH || HOST_FORBIDDEN.matcher(host).find()) {
            throw new InvalidRequestException("host", "host must be a host name or IP address of at most "
                    + MAX_HOST_LENGTH + " characters, without spaces, slashes or @");
        }
        return host;
    }

    private static int port(JsonNode root) {
        JsonNode port = required(root, "port");
        if (!port.isIntegralNumber() || !port.canConvertToLong()
                || port.longValue() < 1 || port.longValue() > MAX_PORT) {
            throw new InvalidRequestException("port", "port must be a whole number between 1 and "
                    + MAX_PORT + ", was " + port);
        }
        return port.intValue();
    }

    private List<String> services(JsonNode root) {
        JsonNode services = required(root, "services");
        if (!services.isArray()) {
            throw new InvalidRequestException("services", "services must be an array of service names");
        }
        if (services.isEmpty()) {
            throw new InvalidRequestException("services", "services must name at least one service");
        }
        if (services.size() > limits.maxServicesPerInstance()) {
            throw new InvalidRequestException("services", "an instance may offer at most "
                    + limits.maxServicesPerInstance() + " services, this one lists " + services.size());
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < services.size(); i++) {
            String field = "services[" + i + "]";
            String name = text(services.get(i), field);
            if (name.isBlank()) {
                throw new InvalidRequestException(field, field + " is empty; a service needs a name");
            }
            if (name.length() > limits.maxServiceNameLength()) {
                throw new InvalidRequestException(field, field + " is " + name.length()
                        + " characters long; the limit is " + limits.maxServiceNameLength());
            }
            if (SERVICE_FORBIDDEN.matcher(name).find()) {
                throw new InvalidRequestException(field, field + " '" + name
                        + "' holds a character a service name may not have: whitespace, / \\ ? # % ; * or a control character");
            }
            names.add(name);
        }
        return new ArrayList<>(names);
    }

    private static int weight(JsonNode root) {
        JsonNode weight = root.get("weight");
        if (weight == null || weight.isNull()) {
            return DEFAULT_WEIGHT;
        }
        if (!weight.isIntegralNumber() || !weight.canConvertToLong()
                || weight.longValue() < 0 || weight.longValue() > MAX_WEIGHT) {
            throw new InvalidRequestException("weight",
                    "weight must be a whole number between 0 and " + MAX_WEIGHT + ", was " + weight);
        }
        return weight.intValue();
    }

    private Map<String, String> metadata(JsonNode root) {
        JsonNode metadata = root.get("metadata");
        if (metadata == null || metadata.isNull()) {
            return Map.of();
        }
        if (!metadata.isObject()) {
            throw new InvalidRequestException("metadata", "metadata must be a JSON object of string values");
        }
        if (metadata.size() > limits.maxMetadataEntries()) {
            throw new InvalidRequestException("metadata", "metadata may hold at most "
                    + limits.maxMetadataEntries() + " entries, this one holds " + metadata.size());
        }
        Map<String, String> entries = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
            String field = "metadata." + entry.getKey();
            if (entry.getKey().isEmpty() || entry.getKey().length() > MAX_METADATA_KEY_LENGTH) {
                throw new InvalidRequestException("metadata", "metadata keys must be 1 to "
                        + MAX_METADATA_KEY_LENGTH + " characters long");
            }
            String value = text(entry.getValue(), field);
            if (value.length() > MAX_METADATA_VALUE_LENGTH) {
                throw new InvalidRequestException(field, field + " is longer than "
                        + MAX_METADATA_VALUE_LENGTH + " characters");
            }
            entries.put(entry.getKey(), value);
        }
        return entries;
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidRequestException(field, field + " is required");
        }
        return node;
    }

    private static String text(JsonNode node, String field) {
        if (!node.isString()) {
            throw new InvalidRequestException(field, field + " must be a string, was " + node);
        }
        return node.stringValue();
    }
}
