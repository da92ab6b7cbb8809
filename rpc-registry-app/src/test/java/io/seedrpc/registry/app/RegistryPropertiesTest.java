package io.seedrpc.registry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class RegistryPropertiesTest {

    @Test
    void defaultsMatchTheDocumentation() {
        RegistryProperties properties = bind(Map.of());

        assertThat(properties.instanceTtl()).isEqualTo(Duration.ofSeconds(15));
        assertThat(properties.sweepInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.defaultWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.maxWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.authEnabled()).isFalse();
        assertThat(properties.protectReads()).isFalse();
        assertThat(properties.limits()).isEqualTo(
                new RegistryProperties.Limits(10_000, 256, 256, 64, DataSize.ofKilobytes(64), 4096));
    }

    @Test
    void bindsDurationsAndSizesInTheirUsualForms() {
        RegistryProperties properties = bind(Map.of(
                "rpc.registry.instance-ttl", "2m",
                "rpc.registry.limits.max-body-size", "1MB",
                "rpc.registry.auth-token", "s3cret",
                "rpc.registry.protect-reads", "true"));

        assertThat(properties.instanceTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(properties.limits().maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(properties.authEnabled()).isTrue();
    }

    @Test
    void refusesValuesThatCannotWork() {
        assertThatThrownBy(() -> bind(Map.of("rpc.registry.instance-ttl", "0s")))
                .hasRootCauseMessage("rpc.registry.instance-ttl must be positive, was PT0S");
        assertThatThrownBy(() -> bind(Map.of("rpc.registry.protect-reads", "true")))
                .hasRootCauseMessage("rpc.registry.protect-reads=true needs rpc.registry.auth-token to be set");
        assertThatThrownBy(() -> bind(Map.of("rpc.registry.limits.max-instances", "0")))
                .hasRootCauseMessage("rpc.registry.limits.max-instances must be at least 1, was 0");
    }

    private static RegistryProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("rpc.registry", RegistryProperties.class);
    }
}
