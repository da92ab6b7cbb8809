package io.seedrpc.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedrpc.testing.StaticState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Registrations and discoveries keep their state in their instances, as the README promises for SeedRPC. */
class NoStaticStateTest {

    @Test
    void theZooKeeperModuleHoldsNoStaticState() {
        assertThat(StaticState.in(Path.of("target/classes"), "io.seedrpc.zookeeper")).isEmpty();
    }
}
