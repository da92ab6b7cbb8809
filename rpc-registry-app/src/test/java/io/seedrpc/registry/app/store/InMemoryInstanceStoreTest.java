package io.seedrpc.registry.app.store;

import io.seedrpc.registry.api.InstanceInfo;
import io.seedrpc.registry.api.InstancesSnapshot;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.registry.api.ServiceCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryInstanceStoreTest {

    private final InMemoryInstanceStore store = new InMemoryInstanceStore(3);

    @Test
    void aNewInstanceRaisesTheIndexOfEachOfItsServices() {
        RegisterOutcome outcome = store.register(registration("a", 1, "x", "y"), 10);

        assertThat(outcome.created()).isTrue();
        assertThat(outcome.changedServices()).containsExactlyInAnyOrder("x", "y");
        assertThat(store.index("x")).isEqualTo(1);
        assertThat(store.index("y")).isEqualTo(1);
        assertThat(store.index("z")).isZero();
        assertThat(store.services()).containsExactly(new ServiceCount("x", 1), new ServiceCount("y", 1));
    }

    @Test
    void heartbeatsAndIdenticalRegistrationsLeaveIndexesAlone() {
        store.register(registration("a", 1, "x"), 10);

        assertThat(store.heartbeat("a", 20)).isTrue();
        RegisterOutcome refresh = store.register(registration("a", 1, "x"), 30);

        assertThat(refresh.created()).isFalse();
        assertThat(refresh.changedServices()).isEmpty();
        assertThat(store.index("x")).isEqualTo(1);
        assertThat(store.instances("x").instances().get(0).lastHeartbeatMs()).isEqualTo(30);
        assertThat(store.heartbeat("unknown", 40)).isFalse();
    }

    @Test
    void aChangedRegistrationTouchesTheServicesItLeftAndJoined() {
        store.register(registration("a", 1, "x", "y"), 10);
        store.register(registration("b", 2, "y"), 10);

        RegisterOutcome moved = store.register(registration("a", 1, "y", "z"), 20);

        assertThat(moved.changedServices()).containsExactlyInAnyOrder("x", "y", "z");
        assertThat(store.index("x")).as("x has no instance left").isZero();
        assertThat(store.index("y")).isEqualTo(3);
        assertThat(store.instances("y").instances()).extracting(InstanceInfo::id).containsExactly("a", "b");
    }

    @Test
    void removesAndEvictsWithOneIndexStepPerSweep() {
        store.register(registration("a", 1, "x"), 10);
        store.register(registration("b", 2, "x"), 50);
        store.register(registration("c", 3, "x"), 10);

        assertThat(store.removeHeardBefore(20)).extracting(InstanceInfo::id).containsExactlyInAnyOrder("a", "c");
        assertThat(store.index()).isEqualTo(4);
        assertThat(store.remove("b")).isPresent();
        assertThat(store.remove("b")).isEmpty();
        assertThat(store.size()).isZero();
        assertThat(store.instances("x")).isEqualTo(new InstancesSnapshot(0, List.of()));
    }

    @Test
    void refusesANewInstanceWhenFullButNotARefresh() {
        store.register(registration("a", 1, "x"), 10);
        store.register(registration("b", 2, "x"), 10);
        store.register(registration("c", 3, "x"), 10);

        assertThatThrownBy(() -> store.register(registration("d", 4, "x"), 10))
                .isInstanceOf(StoreFullException.class)
                .hasMessageContaining("limit of 3");
        assertThat(store.register(registration("c", 3, "x", "y"), 20).created()).isFalse();
        assertThat(store.size()).isEqualTo(3);
    }

    private static RegistryInstance registration(String id, int port, String... services) {
        return new RegistryInstance(id, "10.0.0.1", port, List.of(services), 100, Map.of());
    }
}
