package io.seedrpc.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every rpc.* property is in the generated metadata, described there, and documented in README.md. */
class ConfigurationMetadataTest {

    /** The properties issues 5 and 10 name, the contract. */
    private static final List<String> CONTRACT = List.of(
            "rpc.server.enabled", "rpc.server.host", "rpc.server.port", "rpc.server.advertise-host",
            "rpc.server.worker-threads", "rpc.server.max-frame-size", "rpc.server.drain-timeout",
            "rpc.server.max-metadata-entries", "rpc.server.max-metadata-size",
            "rpc.server.http.enabled",
            "rpc.registry.addresses", "rpc.registry.auth-token", "rpc.registry.heartbeat-interval",
            "rpc.client.timeout", "rpc.client.connect-timeout", "rpc.client.retries", "rpc.client.load-balance",
            "rpc.client.cluster", "rpc.client.codec", "rpc.client.providers",
            "rpc.serialization.allowed-packages",
            "rpc.server.ssl.bundle", "rpc.server.ssl.client-auth", "rpc.client.ssl.bundle", "rpc.registry.ssl.bundle",
            // Limits against hostile clients (issue 16).
            "rpc.server.max-connections", "rpc.server.max-connections-per-address",
            "rpc.server.max-calls-per-connection", "rpc.server.memory-budget", "rpc.server.slow-reader-timeout",
            "rpc.client.max-pending-calls", "rpc.client.max-unsent-size", "rpc.server.executors",
            // ZooKeeper discovery (issue 12).
            "rpc.registry.zookeeper.session-timeout", "rpc.registry.zookeeper.namespace",
            "rpc.registry.zookeeper.username", "rpc.registry.zookeeper.password");

    private final JsonNode metadata = JsonMapper.builder().build()
            .readTree(Path.of("target/classes/META-INF/spring-configuration-metadata.json").toFile());

    @Test
    void theGeneratedMetadataHoldsEveryPropertyOfTheContractWithADescription() {
        List<String> names = new ArrayList<>();
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asString();
            if (name.startsWith("rpc.")) {
                names.add(name);
                assertThat(property.path("description").asString()).as(name).isNotBlank().doesNotContain("{@");
            }
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(CONTRACT);
    }

    @Test
    void typedPropertiesAreTypedInTheMetadata() {
        assertThat(type("rpc.server.max-frame-size")).isEqualTo("org.springframework.util.unit.DataSize");
        assertThat(type("rpc.server.drain-timeout")).isEqualTo("java.time.Duration");
        assertThat(type("rpc.client.cluster")).isEqualTo("io.seedrpc.cluster.ClusterMode");
        // Strings, not URIs: a ZooKeeper ensemble's servers arrive as host:port entries, split at the commas.
        assertThat(type("rpc.registry.addresses")).isEqualTo("java.util.List<java.lang.String>");
        assertThat(type("rpc.registry.zookeeper.session-timeout")).isEqualTo("java.time.Duration");
        assertThat(type("rpc.server.ssl.client-auth")).isEqualTo("io.seedrpc.tls.TlsSettings$ClientAuth");
    }

    @Test
    void theReadmeDocumentsEveryProperty() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        for (String name : CONTRACT) {
            String documented = switch (name) {
                case "rpc.client.providers" -> "rpc.client.providers.<service>";
                case "rpc.server.executors" -> "rpc.server.executors.<name>.threads";
                default -> name;
            };
            assertThat(readme).as(name).contains("| `" + documented + "` |");
        }
    }

    private String type(String name) {
        for (JsonNode property : metadata.get("properties")) {
            if (property.get("name").asString().equals(name)) {
                return property.get("type").asString();
            }
        }
        throw new AssertionError("no property " + name);
    }
}
