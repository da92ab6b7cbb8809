package io.seedrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.seedrpc.UnknownNameException.Kind;
import io.seedrpc.cluster.ClusterMode;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.codec.TypeAllowlist;
import io.seedrpc.loadbalance.LoadBalancers;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every lookup by a configured name fails with the one typed exception, carrying the kind, the name and the known
 * names, so that callers such as the starter never read the message; the message still says it all to a person.
 */
class UnknownNameExceptionTest {

    @Test
    void anUnknownCodecSaysWhichAreKnown() {
        UnknownNameException unknown = catchThrowableOfType(UnknownNameException.class,
                () -> CodecRegistry.withDefaults(new TypeAllowlist()).byName("xml"));

        assertThat(unknown.kind()).isEqualTo(Kind.CODEC);
        assertThat(unknown.name()).isEqualTo("xml");
        assertThat(unknown.known()).containsExactly("kryo", "json");
        assertThat(unknown.missingModule()).isEmpty();
        assertThat(unknown).hasMessage("unknown codec 'xml'; known codecs: [kryo, json]");
    }

    @Test
    void theProtobufCodecWithoutItsModuleNamesTheModule() {
        UnknownNameException unknown = catchThrowableOfType(UnknownNameException.class,
                () -> CodecRegistry.withDefaults(new TypeAllowlist()).byName("protobuf"));

        assertThat(unknown.missingModule()).contains("io.seedrpc:rpc-codec-protobuf");
        assertThat(unknown).hasMessage("unknown codec 'protobuf'; known codecs: [kryo, json]; the protobuf codec "
                + "comes with io.seedrpc:rpc-codec-protobuf, which is not on the class path");
    }

    @Test
    void anUnknownLoadBalancerSaysWhichAreKnown() {
        UnknownNameException unknown = catchThrowableOfType(UnknownNameException.class,
                () -> LoadBalancers.withDefaults().get("fastest"));

        assertThat(unknown.kind()).isEqualTo(Kind.LOAD_BALANCER);
        assertThat(unknown.name()).isEqualTo("fastest");
        assertThat(unknown.known()).containsExactly("p2c", "random", "round-robin", "weighted-round-robin",
                "consistent-hash");
        assertThat(unknown).hasMessage("unknown load balancer 'fastest'; known: [p2c, random, round-robin, "
                + "weighted-round-robin, consistent-hash]");
    }

    @Test
    void anUnknownClusterModeSaysWhichAreKnown() {
        UnknownNameException unknown = catchThrowableOfType(UnknownNameException.class,
                () -> ClusterMode.fromName("mirror"));

        assertThat(unknown.kind()).isEqualTo(Kind.CLUSTER_MODE);
        assertThat(unknown.known()).containsExactly("failover", "failfast", "broadcast");
        assertThat(unknown).hasMessage("unknown cluster mode 'mirror'; known: [failover, failfast, broadcast]")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isFoundBehindWrappersWhateverTheyAreCalled() {
        UnknownNameException unknown = new UnknownNameException(Kind.LOAD_BALANCER, "x", List.of("p2c"));
        RuntimeException wrapped = new IllegalStateException("something else entirely",
                new IllegalArgumentException("reworded", unknown));

        assertThat(UnknownNameException.find(wrapped)).containsSame(unknown);
        assertThat(UnknownNameException.find(new IllegalArgumentException("unknown codec 'xml'")))
                .isEqualTo(Optional.empty());
        assertThat(UnknownNameException.find(null)).isEmpty();
    }
}
