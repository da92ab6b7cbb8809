package io.seedrpc.it;

import io.seedrpc.server.RpcServer;
import io.seedrpc.server.ServerSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder makes one settings record, read back by {@link RpcServer#settings()}; old setter names still work. */
class ServerSettingsTest {

    @Test
    void theDefaultsSayWhatEachTimeoutGuards() {
        ServerSettings settings = settingsOf(RpcServer.builder());
        assertThat(settings.unfinishedHandshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.silentConnectionTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(settings.httpEnabled()).isTrue();
        assertThat(settings.authenticated()).isFalse();
        assertThat(settings.metadataLimits().maxEntries()).isEqualTo(64);
    }

    @Test
    void everyBuilderValueLandsInTheOneRecord() {
        ServerSettings settings = settingsOf(RpcServer.builder().host("127.0.0.1").port(0)
                .unfinishedHandshakeTimeout(Duration.ofSeconds(4)).silentConnectionTimeout(Duration.ofSeconds(40))
                .http(false).authToken("t").maxMetadataEntries(3).maxConnections(7));
        assertThat(settings.unfinishedHandshakeTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.silentConnectionTimeout()).isEqualTo(Duration.ofSeconds(40));
        assertThat(settings.httpEnabled()).isFalse();
        assertThat(settings.authenticated()).isTrue();
        assertThat(settings.metadataLimits().maxEntries()).isEqualTo(3);
        assertThat(settings.limits().maxConnections()).isEqualTo(7);
        assertThat(settings.toString()).doesNotContain("=t,").doesNotContain("=t]");
    }

    @Test
    @SuppressWarnings("deprecation")
    void theOldNamesSetTheSameValues() {
        ServerSettings settings = settingsOf(RpcServer.builder().handshakeTimeout(Duration.ofSeconds(2))
                .idleTimeout(Duration.ofSeconds(20)));
        assertThat(settings.unfinishedHandshakeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.handshakeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.silentConnectionTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aPortOutsideTheRangeIsRefusedWhenBuilt() {
        assertThatThrownBy(() -> RpcServer.builder().port(70_000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    }

    /** The settings of a server built (never started) from {@code builder}. */
    private static ServerSettings settingsOf(RpcServer.Builder builder) {
        try (RpcServer server = builder.build()) {
            return server.settings();
        }
    }
}
