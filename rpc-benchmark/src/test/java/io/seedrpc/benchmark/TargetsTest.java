package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rows are found through the service loader, in report order, and the payloads are what the issue asks; the
 * TLS rows really speak TLS.
 */
class TargetsTest {

    @Test
    void everyRowIsFoundInReportOrder() {
        assertThat(Targets.load().all()).extracting(Target::name).containsExactly("seedrpc-kryo", "seedrpc-json",
                "seedrpc-kryo-direct", "seedrpc-kryo-tls", "seedrpc-protobuf", "seedrpc-spring", "seedrpc-http",
                "grpc-default", "grpc-direct", "grpc-tls", "dubbo", "raw-netty");
        assertThatThrownBy(() -> Targets.load().get("thrift")).hasMessageContaining("seedrpc-kryo");
    }

    @Test
    void everySeedRpcRowIncludingTheStartersIsMeasuredAgainstThePeersAndTheCeiling() {
        assertThat(Targets.load().all()).filteredOn(t -> t.kind() == Target.Kind.SEEDRPC).extracting(Target::name)
                .containsExactly("seedrpc-kryo", "seedrpc-json", "seedrpc-kryo-direct", "seedrpc-kryo-tls",
                        "seedrpc-protobuf", "seedrpc-spring", "seedrpc-http");
        assertThat(Targets.load().get("raw-netty").kind()).isEqualTo(Target.Kind.CEILING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"seedrpc-kryo-tls", "grpc-tls"})
    void theTlsRowsEchoOverTls(String row) throws Exception {
        Target target = Targets.load().get(row);
        try (Target.Server server = target.startServer(); Target.Client client = target.connect(server.port())) {
            CompletableFuture<Throwable> done = new CompletableFuture<>();
            client.echo(Payload.STRING, done::complete);
            assertThat(done.get(10, TimeUnit.SECONDS)).as("the echo's failure").isNull();
            // The server speaks TLS only: a plaintext client of the same framework is refused.
            Target plaintext = Targets.load().get(row.replace("-tls", row.startsWith("grpc") ? "-default" : ""));
            assertThatThrownBy(() -> {
                try (Target.Client refused = plaintext.connect(server.port())) {
                    CompletableFuture<Throwable> failed = new CompletableFuture<>();
                    refused.echo(Payload.STRING, failed::complete);
                    Throwable failure = failed.get(10, TimeUnit.SECONDS);
                    if (failure != null) {
                        throw failure;
                    }
                }
            }).isNotNull();
        }
    }

    @Test
    void payloadsAreAHundredByteStringAndAFiveFieldObject() {
        assertThat(Payload.TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(100);
        assertThat(Payload.OBJECT_VALUE.getName()).hasSize(19);
        assertThat(io.seedrpc.benchmark.echo.SmallObject.class.getDeclaredFields())
                .filteredOn(f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers()))
                .extracting(f -> f.getType().getName())
                .containsExactly("long", "int", "java.lang.String", "double", "boolean");
    }
}
