package io.seedrpc.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedrpc.spring.fixture.Greeter;
import io.seedrpc.spring.server.ExportedService;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryRegistrationTest {

    private final RegistryRegistration registration = new RegistryRegistration(
            List.of(URI.create("http://127.0.0.1:9")), null, Duration.ofSeconds(5), "10.0.0.5");

    @Test
    void servicesOfOneWeightAreOneInstanceWhoseIdTheRegistryDerives() {
        assertThat(registration.instances(9100, List.of(
                new ExportedService("a.A", Greeter.class, "a", 100),
                new ExportedService("b.B", Greeter.class, "b", 100))))
                .singleElement().satisfies(instance -> {
                    assertThat(instance.id()).isNull();
                    assertThat(instance.host()).isEqualTo("10.0.0.5");
                    assertThat(instance.port()).isEqualTo(9100);
                    assertThat(instance.services()).containsExactly("a.A", "b.B");
                    assertThat(instance.weight()).isEqualTo(100);
                });
    }

    @Test
    void servicesOfDifferentWeightsAreOneInstancePerWeightWithIdsOfTheirOwn() {
        assertThat(registration.instances(9100, List.of(
                new ExportedService("a.A", Greeter.class, "a", 100),
                new ExportedService("b.B", Greeter.class, "b", 7))))
                .extracting(instance -> instance.id() + " " + instance.services() + " " + instance.weight())
                .containsExactly("10.0.0.5:9100@w7 [b.B] 7", "10.0.0.5:9100@w100 [a.A] 100");
    }

    @Test
    void closingBeforeTheServerStartedDoesNothing() {
        registration.close();
        assertThat(registration.registeredIds()).isEmpty();
    }
}
