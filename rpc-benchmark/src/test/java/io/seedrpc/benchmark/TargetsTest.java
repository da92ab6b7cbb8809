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
                "seedrpc-kryo-direct", "seedrpc-kryo-nio", "seedrpc-kryo-direct-nio", "seedrpc-kryo-observed",
                "seedrpc-kryo-tls", "seedrpc-protobuf", "seedrpc-spring", "seedrpc-http", "grpc-default", "grpc-direct",
                "grpc-tls", "dubbo", "raw-netty", "raw-netty-epoll");
        assertThatThrownBy(() -> Targets.load().get("thrift")).hasMessageContaining("seedrpc-kryo");
    }

    @Test
    void everySeedRpcRowIncludingTheStartersIsMeasuredAgainstThePeersAndTheCeiling() {
        assertThat(Targets.load().all()).filteredOn(t -> t.kind() == Target.Kind.SEEDRPC).extracting(Target::name)
                .containsExactly("seedrpc-kryo", "seedrpc-json", "seedrpc-kryo-direct", "seedrpc-kryo-nio",
                        "seedrpc-kryo-direct-nio", "seedrpc-kryo-observed", "seedrpc-kryo-tls", "seedrpc-protobuf",
                        "seedrpc-spring", "seedrpc-http");
        assertThat(Targets.load().get("raw-netty").kind()).isEqualTo(Target.Kind.CEILING);
        assertThat(Targets.load().get("raw-netty-epoll").kind()).isEqualTo(Target.Kind.CEILING);
    }

    @Test
    void theNioRowsPutSeedRpcOnNioInBothTheirJvmsAndTheOthersLeaveRpcCoresDefault() {
        Targets targets = Targets.load();

        assertThat(targets.get("seedrpc-kryo-nio").jvmArgs()).containsExactly("-Dseedrpc.transport=nio");
        assertThat(targets.get("seedrpc-kryo-direct-nio").jvmArgs()).containsExactly("-Dseedrpc.transport=nio");
        assertThat(targets.get("seedrpc-kryo").jvmArgs()).isEmpty();
        assertThat(targets.get("seedrpc-spring").jvmArgs()).isEmpty();
        // This JVM has no -Dseedrpc.transport, so rpc-core's default: epoll where Netty has it.
        String expected = io.netty.channel.epoll.Epoll.isAvailable() ? "epoll" : "nio";
        assertThat(targets.get("seedrpc-kryo").transport()).isEqualTo(expected);
        assertThat(targets.get("seedrpc-spring").transport()).isEqualTo(expected);
        assertThat(targets.get("raw-netty").transport()).isEqualTo("nio");
        assertThat(targets.get("raw-netty-epoll").transport()).isEqualTo("epoll");
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw-netty", "raw-netty-epoll"})
    void bothRawCeilingsEchoOnLoopback(String row) throws Exception {
        Target target = Targets.load().get(row);
        try (Target.Server server = target.startServer(); Target.Client client = target.connect(server.port())) {
            for (Payload payload : Payload.values()) {
                CompletableFuture<Throwable> done = new CompletableFuture<>();
                client.echo(payload, done::complete);
                assertThat(done.get(10, TimeUnit.SECONDS)).as("the echo's failure").isNull();
            }
        }
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
