package io.seedrpc.registry.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records bind to exactly the JSON of {@code docs/registry-api.md} with a plain Jackson mapper: no helper
 * method leaks into the JSON as an extra field, and the field order is the documented one.
 */
class WireShapeTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aRegistrationIsTheDocumentedBody() {
        RegistryInstance instance = new RegistryInstance(null, "10.0.0.5", 9100, List.of("com.acme.Orders:2.0"), 100,
                Map.of("zone", "eu-1", "arch", "arm"));

        assertThat(json.writeValueAsString(instance)).isEqualTo("{\"id\":null,\"host\":\"10.0.0.5\",\"port\":9100,"
                + "\"services\":[\"com.acme.Orders:2.0\"],\"weight\":100,"
                + "\"metadata\":{\"arch\":\"arm\",\"zone\":\"eu-1\"}}");
        assertThat(json.readValue(json.writeValueAsString(instance), RegistryInstance.class)).isEqualTo(instance);
    }

    @Test
    void aListingIsTheDocumentedBody() {
        InstanceInfo info = InstanceInfo.of(new RegistryInstance("a-1", "10.0.0.5", 9100, List.of("s"), 7,
                Map.of("b", "2", "a", "1")), 1_700_000_000_000L);
        InstancesSnapshot snapshot = new InstancesSnapshot(42, List.of(info));

        String written = json.writeValueAsString(snapshot);

        assertThat(written).isEqualTo("{\"index\":42,\"instances\":[{\"id\":\"a-1\",\"host\":\"10.0.0.5\","
                + "\"port\":9100,\"services\":[\"s\"],\"weight\":7,\"metadata\":{\"a\":\"1\",\"b\":\"2\"},"
                + "\"lastHeartbeatMs\":1700000000000}]}");
        assertThat(json.readValue(written, InstancesSnapshot.class)).isEqualTo(snapshot);
    }

    @Test
    void servicesAndLeasesAreTheDocumentedBodies() {
        assertThat(json.writeValueAsString(new ServiceList(List.of(new ServiceCount("s", 2)))))
                .isEqualTo("{\"services\":[{\"name\":\"s\",\"instances\":2}]}");
        assertThat(json.writeValueAsString(new LeaseBody("a-1", 15_000)))
                .isEqualTo("{\"id\":\"a-1\",\"ttlMs\":15000}");
    }

    @Test
    void missingListsReadAsEmpty() {
        assertThat(json.readValue("{\"index\":0}", InstancesSnapshot.class).instances()).isEmpty();
        assertThat(json.readValue("{}", ServiceList.class).services()).isEmpty();
        assertThat(json.readValue("{\"id\":\"x\",\"host\":\"h\",\"port\":1,\"weight\":1,\"lastHeartbeatMs\":1}",
                InstanceInfo.class)
                .services()).isEmpty();
    }

    @Test
    void anInstanceWithoutIdIsKeptUnderItsAddressesDerivedId() {
        RegistryInstance instance = RegistryInstance.of("10.0.0.5", 9100, List.of("s"));

        // The name-based UUID of "10.0.0.5:9100", as docs/registry-api.md shows it: entries made before stay theirs.
        assertThat(instance.registeredId()).isEqualTo("7defd431-20ff-3af3-a460-0db4a544ea1e")
                .isNotEqualTo(RegistryInstance.derivedId("10.0.0.5", 9101));
        assertThat(instance.withId("mine").registeredId()).isEqualTo("mine");
        assertThat(InstanceInfo.of(instance, 1).registration()).isEqualTo(instance.withId(instance.registeredId()));
    }

    @Test
    void aRegistrationBeyondTheLimitsIsRefusedWhereItIsMade() {
        assertThatThrownBy(() -> new RegistryInstance(null, "h", 1, List.of("s"), RegistryLimits.MAX_WEIGHT + 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight must be between 0 and 10000, was 10001");
        assertThatThrownBy(() -> new RegistryInstance(null, "h", RegistryLimits.MAX_PORT + 1, List.of("s"), 1, null))
                .hasMessage("port must be between 1 and 65535, was 65536");
        assertThat(new RegistryInstance(null, "h", 1, List.of("s"), RegistryLimits.MAX_WEIGHT, null).weight())
                .isEqualTo(10_000);
    }
}
