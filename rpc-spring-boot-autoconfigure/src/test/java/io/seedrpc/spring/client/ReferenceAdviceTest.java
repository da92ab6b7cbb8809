package io.seedrpc.spring.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedrpc.UnknownNameException;
import io.seedrpc.UnknownNameException.Kind;
import io.seedrpc.client.InvalidReferenceException;
import io.seedrpc.client.InvalidReferenceException.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The advice for an {@code @RpcReference} that names something unknown follows the failure's type, not its
 * message: rewording rpc-core's messages, or wrapping the failure in another, changes no advice, and a message
 * that merely looks like an unknown name gets none of the specific advice.
 */
class ReferenceAdviceTest {

    @Test
    void anUnknownLoadBalancerBehindAnyMessageGetsTheLoadBalancerAdvice() {
        String action = RpcReferenceInjector.action(reworded(
                new UnknownNameException(Kind.LOAD_BALANCER, "fastest", List.of("p2c", "random"))));

        assertThat(action).isEqualTo("Change loadBalance to one of them (p2c, random), or declare a LoadBalancer "
                + "bean of that name.");
    }

    @Test
    void anUnknownCodecBehindAnyMessageGetsTheCodecAdviceAndItsModule() {
        assertThat(RpcReferenceInjector.action(reworded(new UnknownNameException(Kind.CODEC, "protobuf",
                List.of("kryo", "json"), "io.seedrpc:rpc-codec-protobuf"))))
                .isEqualTo("Change codec to one of them (kryo, json), or declare a Codec bean of that name, or add "
                        + "io.seedrpc:rpc-codec-protobuf to the dependencies.");
        assertThat(RpcReferenceInjector.action(reworded(
                new UnknownNameException(Kind.CODEC, "xml", List.of("kryo", "json")))))
                .isEqualTo("Change codec to one of them (kryo, json), or declare a Codec bean of that name.");
    }

    @Test
    void anUnknownClusterModeBehindAnyMessageGetsTheClusterAdvice() {
        assertThat(RpcReferenceInjector.action(reworded(
                new UnknownNameException(Kind.CLUSTER_MODE, "mirror", List.of("failover", "failfast")))))
                .isEqualTo("Change cluster to one of them (failover, failfast).");
    }

    @Test
    void anInvalidReferenceBehindAnyMessageGetsTheAdviceForItsProblem() {
        assertThat(RpcReferenceInjector.action(new IllegalArgumentException("the reference could not be created",
                new InvalidReferenceException(Problem.NO_ADDRESS_AND_NO_DISCOVERY, "com.acme.Orders", "reworded"))))
                .isEqualTo("Set rpc.registry.addresses, list the service's addresses under rpc.client.providers, "
                        + "or give the reference a url.");
        assertThat(RpcReferenceInjector.action(
                new InvalidReferenceException(Problem.CODEC_CANNOT_CARRY_SERVICE, "com.acme.Orders", "reworded")))
                .startsWith("Give the reference a codec that carries the interface's types");
    }

    @Test
    void aMessageThatOnlyReadsLikeAKnownFailureGetsNoSpecificAdvice() {
        for (String text : List.of("unknown load balancer 'fastest'; known: [p2c]",
                "unknown codec 'protobuf'; known codecs: [kryo]; ... io.seedrpc:rpc-codec-protobuf ...",
                "unknown cluster mode 'mirror'; known: [failover]",
                "the reference to com.acme.Orders has no address and the client has no discovery",
                "cannot create a reference to com.acme.Orders with codec protobuf: method ...")) {
            assertThat(RpcReferenceInjector.action(new IllegalArgumentException(text)))
                    .as(text).isEqualTo("Change the @RpcReference attributes as the description says.");
        }
    }

    /** The failure as a caller might rethrow it, under a message that says nothing of what was unknown. */
    private static IllegalArgumentException reworded(UnknownNameException unknown) {
        return new IllegalArgumentException("the reference could not be created", unknown);
    }
}
