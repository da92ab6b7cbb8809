package io.seedrpc.codec.protobuf;

import com.google.protobuf.CodedOutputStream;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.client.RpcClient;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.codec.TypeAllowlist;
import io.seedrpc.codec.protobuf.test.Customer;
import io.seedrpc.codec.protobuf.test.Node;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A hostile client speaks the protobuf codec's id in the handshake and then sends request bodies it made by hand
 * over a real connection. Each malformed body is answered {@code BAD_REQUEST} with a message saying what was wrong,
 * the connection stays open, and the server goes on serving it and everyone else.
 */
@ExtendWith(NoLeakedThreads.class)
class HostileBodyTest {

    private static final String ECHO = "cannot decode the arguments of " + CustomerService.class.getName()
            + ".echo(" + Customer.class.getName() + "): ";

    private static RpcServer server;
    private static RpcClient hostileClient;
    private static RpcClient honestClient;
    private static final HandMadeBodies bodies = new HandMadeBodies();
    private static CustomerService hostile;
    private static CustomerService honest;

    @BeforeAll
    static void start() {
        server = Clients.server().addService(CustomerService.class, new CustomerServiceImpl()).start();
        hostileClient = RpcClient.builder().codecs(CodecRegistry.of(new TypeAllowlist(), bodies)).codec("protobuf")
                .callTimeout(Duration.ofSeconds(5)).build();
        hostile = hostileClient.proxy(CustomerService.class, Clients.address(server));
        honestClient = Clients.client("protobuf");
        honest = honestClient.proxy(CustomerService.class, Clients.address(server));
    }

    @AfterAll
    static void stop() {
        hostileClient.close();
        honestClient.close();
        server.close();
    }

    @Test
    void anArgumentOfTheWrongWireTypeIsRefused() {
        // field 1 (the Customer) as a varint instead of an embedded message
        assertRefused("08 01", ECHO + "value 1 (" + Customer.class.getName()
                + ") is not an embedded message: its wire type is 0, not 2");
    }

    @Test
    void aFieldOfTheWrongTypeInsideTheMessageIsRefused() {
        // Customer.name (field 2, a string) holding bytes that are not UTF-8
        assertRefused("0A 04 12 02 C3 28", ECHO + "malformed protobuf body in value 1 (" + Customer.class.getName()
                + "): Protocol message had invalid UTF-8.");
        // Customer.address (field 3, a message) holding a tag with the invalid wire type 7
        assertRefused("0A 04 1A 02 0F 00", ECHO + "malformed protobuf body in value 1 (" + Customer.class.getName()
                + "): Protocol message tag had invalid wire type.");
    }

    @Test
    void aFieldWhoseWireTypeDisagreesWithTheSchemaIsKeptAsAnUnknownFieldAsProtobufSpecifies() {
        // Customer.address (field 3, a message) sent as the varint 5: not misread as an address, not lost
        bodies.next.set(HexFormat.ofDelimiter(" ").parseHex("0A 02 18 05"));
        Customer echoed = hostile.echo(Customer.getDefaultInstance());
        assertThat(echoed.hasAddress()).isFalse();
        assertThat(echoed.getUnknownFields().getField(3).getVarintList()).containsExactly(5L);
        bodies.next.set(null);
    }

    @Test
    void anArgumentPastTheDeclaredOnesOrGivenTwiceIsRefused() {
        assertRefused("12 00", ECHO + "the body holds value 2 but only 1 is declared");
        assertRefused("0A 00 0A 00", ECHO + "value 1 (" + Customer.class.getName() + ") appears twice in the body");
    }

    @Test
    void truncatedVarintsAreRefused() {
        // the length of value 1 is cut off after a continuation byte
        assertRefused("0A 80", ECHO + "malformed protobuf body in value 1 (" + Customer.class.getName()
                + "): While parsing a protocol message, the input ended unexpectedly");
        // so is a tag
        assertRefused("8A", ECHO + "malformed protobuf body: While parsing a protocol message, the input ended"
                + " unexpectedly");
        // Customer.id's varint is cut off by the end of the embedded message
        assertRefused("0A 03 08 FF FF", ECHO + "malformed protobuf body in value 1 (" + Customer.class.getName()
                + "): While parsing a protocol message, the input ended unexpectedly");
    }

    @Test
    void aTwoGibibyteLengthClaimIsRefusedWithoutAllocatingIt() {
        // value 1 claims 2^31 - 1 bytes; the body holds 3
        assertRefused("0A FF FF FF FF 07 08 01 10", ECHO + "value 1 (" + Customer.class.getName()
                + ") claims 2147483647 bytes but the body holds only 3 more");
        // Customer.name claims 2^31 - 1 bytes inside a well-formed value 1
        assertRefused("0A 07 12 FF FF FF FF 07 41", ECHO + "malformed protobuf body in value 1 ("
                + Customer.class.getName() + "): While parsing a protocol message, the input ended unexpectedly");
        // Customer.name claims a negative length
        assertRefused("0A 06 12 FF FF FF FF 0F", ECHO + "malformed protobuf body in value 1 ("
                + Customer.class.getName() + "): CodedInputStream encountered an embedded string or message which"
                + " claimed to have negative size.");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() throws IOException {
        Node deep = Node.getDefaultInstance();
        for (int i = 0; i < 150; i++) {
            deep = Node.newBuilder().setChild(deep).build();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(body);
        out.writeMessage(1, deep);
        out.flush();
        bodies.next.set(body.toByteArray());
        assertThatThrownBy(() -> hostile.depth(Node.getDefaultInstance()))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status()).isEqualTo(StatusCode.BAD_REQUEST))
                .hasMessageContaining("cannot decode the arguments of " + CustomerService.class.getName() + ".depth(")
                .hasMessageContaining("Protocol message had too many levels of nesting");
        // 90 levels are within the limit
        Node fine = Node.getDefaultInstance();
        for (int i = 0; i < 90; i++) {
            fine = Node.newBuilder().setChild(fine).build();
        }
        bodies.next.set(null);
        assertThat(hostile.depth(fine).getValue()).isEqualTo(90);
    }

    private static void assertRefused(String hex, String expectedMessageStart) {
        bodies.next.set(HexFormat.ofDelimiter(" ").parseHex(hex));
        assertThatThrownBy(() -> hostile.echo(Customer.getDefaultInstance()))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status()).isEqualTo(StatusCode.BAD_REQUEST))
                .hasMessageContaining(expectedMessageStart);
        // The same connection, and everyone else's, go on working.
        bodies.next.set(null);
        Customer customer = Customers.full();
        assertThat(hostile.echo(customer)).isEqualTo(customer);
        assertThat(honest.echo(customer)).isEqualTo(customer);
    }
}
