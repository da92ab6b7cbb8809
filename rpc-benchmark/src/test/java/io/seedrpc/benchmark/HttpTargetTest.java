package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The seedrpc-http row echoes both payloads correctly over JSON/HTTP, so its figures are of working calls. */
class HttpTargetTest {

    @Test
    void theHttpRowEchoesBothPayloads() throws Exception {
        Target target = Targets.load().get("seedrpc-http");
        try (Target.Server server = target.startServer(); Target.Client client = target.connect(server.port())) {
            for (Payload payload : Payload.values()) {
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                client.echo(payload, outcome::complete);
                assertThat(outcome.get(10, TimeUnit.SECONDS)).as(payload.id()).isNull();
            }
        }
    }
}
