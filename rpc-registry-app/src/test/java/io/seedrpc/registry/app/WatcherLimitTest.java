package io.seedrpc.registry.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedrpc.registry.RegistryClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Parked blocking queries are bounded: past the limit a query is refused with 503, not queued. */
class WatcherLimitTest {

    private RunningRegistry registry;

    @BeforeEach
    void start() {
        registry = RunningRegistry.start("rpc.registry.limits.max-watchers=1");
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void aBlockingQueryPastTheLimitIsRefusedAndAPlainListingStillAnswers() {
        CompletableFuture<?> parked = RegistryClient.create(registry.uri()).watch("com.acme.A", 0, Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(5)).until(() -> registry.waitingQueries() == 1);

        Http http = new Http(registry.uri());
        Http.Answer refused = http.get("/api/v1/services/com.acme.B/instances?index=0&wait=20s");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.response().headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.json().get("field").asString()).isEqualTo("index");
        assertThat(refused.json().get("message").asString()).contains("max-watchers");
        assertThat(http.get("/api/v1/services/com.acme.B/instances").status()).isEqualTo(200);

        parked.cancel(true);
    }
}
