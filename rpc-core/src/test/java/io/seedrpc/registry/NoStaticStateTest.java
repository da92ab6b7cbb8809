package io.seedrpc.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedrpc.testing.StaticState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The registry client and heartbeats keep their state in their instances, as the README promises. */
class NoStaticStateTest {

    @Test
    void theRegistryPackageHoldsNoStaticState() {
        assertThat(StaticState.in(Path.of("target/classes"), "io.seedrpc.registry")).isEmpty();
    }
}
