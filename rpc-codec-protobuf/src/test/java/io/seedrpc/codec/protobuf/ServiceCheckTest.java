package io.seedrpc.codec.protobuf;

import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import io.seedrpc.client.RpcClient;
import io.seedrpc.codec.Codec;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.codec.TypeAllowlist;
import io.seedrpc.codec.protobuf.test.Customer;
import io.seedrpc.codec.protobuf.test.CustomerId;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A method the codec cannot carry is refused where the mistake is made: when the proxy is created and when the
 * service is registered, naming the method and the type, before any call.
 */
@ExtendWith(NoLeakedThreads.class)
class ServiceCheckTest {

    /** Meant for protobuf (it mentions messages), but one method takes an int. */
    public interface MixedService {
        Customer find(CustomerId id);

        Customer byIndex(int index);
    }

    /** Meant for protobuf, but one method completes with a String. */
    public interface AsyncMixedService {
        CompletableFuture<Customer> find(CustomerId id);

        CompletableFuture<String> name(CustomerId id);
    }

    /** Declares the Message interface rather than a generated class: nothing could parse it. */
    public interface AbstractMessageService {
        Customer find(CustomerId id);

        Customer save(Message anything);
    }

    /** Declares a list of messages rather than a message. */
    public interface ListService {
        Customer find(CustomerId id);

        Customer first(List<Customer> customers);
    }

    /** A plain Java service for the other codecs: it mentions no message at all. */
    public interface PlainService {
        String greet(String name);
    }

    /** Only well-known wrapper types: a protobuf service like any other. */
    public interface WrapperService {
        StringValue greet(StringValue name);
    }

    @Test
    void theCodecIsFoundOnTheClassPathUnderItsNameAndId() {
        CodecRegistry codecs = CodecRegistry.withDefaults(new TypeAllowlist());
        Codec codec = codecs.byName("protobuf");
        assertThat(codec).isInstanceOf(ProtobufCodec.class);
        assertThat(codec.id()).isEqualTo((byte) 3);
        assertThat(codecs.byId((byte) 3)).containsSame(codec);
        assertThat(codecs.all()).extracting(Codec::name).containsExactly("kryo", "json", "protobuf");
    }

    @Test
    void aProxyOfAMixedInterfaceIsRefusedNamingTheMethodAndType() {
        try (RpcClient client = Clients.client("protobuf")) {
            // Nothing listens on port 1: the refusal cannot come from a call.
            assertThatThrownBy(() -> client.proxy(MixedService.class, "tcp://127.0.0.1:1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cannot create a reference to " + MixedService.class.getName()
                            + " with codec protobuf: method byIndex(int) of " + MixedService.class.getName()
                            + " takes int as parameter 1, which is not a protobuf message")
                    .hasMessageContaining("wrap a single value in a well-known wrapper (StringValue, Int64Value");
            assertThatThrownBy(() -> client.proxy(AsyncMixedService.class, "tcp://127.0.0.1:1"))
                    .hasMessageContaining("method name(" + CustomerId.class.getName() + ") of "
                            + AsyncMixedService.class.getName()
                            + " completes with java.lang.String, which is not a protobuf message");
            assertThatThrownBy(() -> client.proxy(AbstractMessageService.class, "tcp://127.0.0.1:1"))
                    .hasMessageContaining("method save(com.google.protobuf.Message) of "
                            + AbstractMessageService.class.getName() + " takes com.google.protobuf.Message as"
                            + " parameter 1, which is not a generated message class");
            assertThatThrownBy(() -> client.proxy(ListService.class, "tcp://127.0.0.1:1"))
                    .hasMessageContaining("takes java.util.List<" + Customer.class.getName()
                            + "> as parameter 1, which is not a protobuf message class");
        }
    }

    @Test
    void aProxyOfAPlainInterfaceIsRefusedWithProtobufAndAcceptedWithKryo() {
        try (RpcClient client = Clients.client("protobuf")) {
            assertThatThrownBy(() -> client.proxy(PlainService.class, "tcp://127.0.0.1:1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cannot create a reference to " + PlainService.class.getName()
                            + " with codec protobuf: method greet(java.lang.String) of "
                            + PlainService.class.getName()
                            + " takes java.lang.String as parameter 1, which is not a protobuf message");
            assertThat(client.proxy(io.seedrpc.client.ReferenceConfig.of(PlainService.class)
                    .withAddress("tcp://127.0.0.1:1").withCodec("kryo"))).isNotNull();
            assertThat(client.proxy(WrapperService.class, "tcp://127.0.0.1:1")).isNotNull();
        }
    }

    @Test
    void aServerRefusesAMixedServiceAtRegistration() {
        try (RpcServer server = Clients.server()) {
            assertThatThrownBy(() -> server.addService(MixedService.class, new MixedService() {
                @Override
                public Customer find(CustomerId id) {
                    return null;
                }

                @Override
                public Customer byIndex(int index) {
                    return null;
                }
            }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("cannot serve " + MixedService.class.getName() + " with codec protobuf:"
                            + " method byIndex(int) of " + MixedService.class.getName()
                            + " takes int as parameter 1, which is not a protobuf message");
        }
    }

    @Test
    void aServerStillServesPlainServicesToTheOtherCodecs() {
        try (RpcServer server = Clients.server().addService(PlainService.class, name -> "hello " + name).start();
             RpcClient kryo = Clients.client("kryo")) {
            assertThat(kryo.proxy(PlainService.class, Clients.address(server)).greet("Ada")).isEqualTo("hello Ada");
        }
    }
}
