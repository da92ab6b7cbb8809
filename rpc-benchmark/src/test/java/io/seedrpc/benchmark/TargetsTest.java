package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rows are found through the service loader, in report order, and the payloads are what the issue asks. */
class TargetsTest {

    @Test
    void everyRowIsFoundInReportOrder() {
        assertThat(Targets.load().all()).extracting(Target::name).containsExactly("seedrpc-kryo", "seedrpc-json",
                "seedrpc-kryo-direct", "seedrpc-spring", "seedrpc-http", "grpc-default", "grpc-direct", "dubbo", "raw-netty");
        assertThatThrownBy(() -> Targets.load().get("thrift")).hasMessageContaining("seedrpc-kryo");
    }

    @Test
    void everySeedRpcRowIncludingTheStartersIsMeasuredAgainstThePeersAndTheCeiling() {
        assertThat(Targets.load().all()).filteredOn(t -> t.kind() == Target.Kind.SEEDRPC).extracting(Target::name)
                .containsExactly("seedrpc-kryo", "seedrpc-json", "seedrpc-kryo-direct", "seedrpc-spring", "seedrpc-http");
        assertThat(Targets.load().get("raw-netty").kind()).isEqualTo(Target.Kind.CEILING);
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
