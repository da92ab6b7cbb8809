package io.seedrpc.codec.protobuf;

import com.google.protobuf.Empty;
import com.google.protobuf.StringValue;
import io.seedrpc.client.RpcClient;
import io.seedrpc.codec.protobuf.test.Address;
import io.seedrpc.codec.protobuf.test.Customer;
import io.seedrpc.codec.protobuf.test.CustomerId;
import io.seedrpc.server.RpcServer;
import io.seedrpc.testing.NoLeakedThreads;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;


import static org.assertj.core.api.Assertions.assertThat;

/** Messages of every shape survive a call over a real connection, both ways. */
@ExtendWith(NoLeakedThreads.class)
class ProtobufRoundTripTest {

    private static final CustomerServiceImpl IMPL = new CustomerServiceImpl();
    private static RpcServer server;
    private static RpcClient client;
    private static CustomerService customers;

    @BeforeAll
    static void start() {
        server = Clients.server().addService(CustomerService.class, IMPL).start();
        client = Clients.client("protobuf");
        customers = client.proxy(CustomerService.class, Clients.address(server));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void nestedRepeatedMapOneofOptionalWrapperAndBytesFieldsRoundTrip() {
        Customer full = Customers.full();
        Customer echoed = customers.echo(full);
        assertThat(echoed).isEqualTo(full).isNotSameAs(full);
        assertThat(echoed.getAddress().getCity()).isEqualTo("London");
        assertThat(echoed.getTagsList()).containsExactly("gold", "early-adopter", "");
        assertThat(echoed.getPreviousAddressesList()).extracting(Address::getCity).containsExactly("London", "Surrey");
        assertThat(echoed.getScoresMap()).containsEntry("analytics", 99).containsEntry("engines", -3);
        assertThat(echoed.getBranchesMap()).containsOnlyKeys(1L, -2L);
        assertThat(echoed.getContactCase()).isEqualTo(Customer.ContactCase.EMAIL);
        assertThat(echoed.hasAge()).isTrue();
        assertThat(echoed.getNickname().getValue()).isEqualTo("Enchantress of Numbers");
        assertThat(echoed.getAvatar().toByteArray()).containsExactly(0, 1, 2, 0xFF);
    }

    @Test
    void eachOneofCaseArrivesAsItsOwnCase() {
        Customer phone = Customer.newBuilder().setId(1).setPhone("+44 20 7946 0000").build();
        Customer postal = Customer.newBuilder().setId(2).setPostal(Customers.address("PO Box 1", "Leeds")).build();
        Customer none = Customer.newBuilder().setId(3).build();
        assertThat(customers.echo(phone).getContactCase()).isEqualTo(Customer.ContactCase.PHONE);
        assertThat(customers.echo(postal).getPostal().getCity()).isEqualTo("Leeds");
        assertThat(customers.echo(none).getContactCase()).isEqualTo(Customer.ContactCase.CONTACT_NOT_SET);
    }

    @Test
    void absentFieldsStayAbsent() {
        Customer sparse = Customer.newBuilder().setName("nobody in particular").build();
        Customer echoed = customers.echo(sparse);
        assertThat(echoed).isEqualTo(sparse);
        assertThat(echoed.hasAddress()).isFalse();
        assertThat(echoed.hasAge()).isFalse();       // optional: absent is not 0
        assertThat(echoed.hasNickname()).isFalse();  // a wrapper: absent is not ""
        assertThat(echoed.getTagsList()).isEmpty();
        assertThat(echoed.getScoresMap()).isEmpty();
        // A default-valued message is all absent fields: it is carried, and is not null.
        assertThat(customers.echo(Customer.getDefaultInstance())).isEqualTo(Customer.getDefaultInstance());
        Customer zeroAge = Customer.newBuilder().setAge(0).build();
        assertThat(customers.echo(zeroAge).hasAge()).isTrue();   // explicit presence survives a zero
    }

    @Test
    void severalParametersNullArgumentsAndNullResults() {
        Customer first = Customer.newBuilder().setId(1).setName("first").addTags("a").build();
        Customer second = Customer.newBuilder().setName("second").addTags("b").build();
        Customer merged = customers.merge(first, second);
        assertThat(merged.getId()).isEqualTo(1);
        assertThat(merged.getName()).isEqualTo("second");
        assertThat(merged.getTagsList()).containsExactly("a", "b");
        assertThat(customers.merge(null, second)).isEqualTo(second);
        assertThat(customers.merge(first, null)).isEqualTo(first);
        assertThat(customers.merge(null, null)).isNull();
        assertThat(customers.nobody(CustomerId.newBuilder().setId(1).build())).isNull();
    }

    @Test
    void wellKnownTypesVoidAndAsyncMethods() throws Exception {
        assertThat(customers.greet(StringValue.of("Ada")).getValue()).isEqualTo("hello Ada");
        assertThat(customers.count(Empty.getDefaultInstance()).getValue()).isEqualTo(42);
        customers.forget(CustomerId.newBuilder().setId(99).build());
        assertThat(IMPL.forgotten.get()).isEqualTo(99);
        Customer full = Customers.full();
        assertThat(customers.echoAsync(full).get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(full);
    }

    @Test
    void largeMessagesRoundTrip() {
        Customer.Builder big = Customer.newBuilder().setId(5);
        for (int i = 0; i < 20_000; i++) {
            big.addTags("tag-" + i);
        }
        Customer built = big.build();
        assertThat(built.getSerializedSize()).isGreaterThan(100_000);
        assertThat(customers.echo(built)).isEqualTo(built);
    }

    @Test
    void manyConcurrentCallsOnOneConnectionEachGetTheirOwnAnswer() {
        var futures = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> customers.echoAsync(Customer.newBuilder().setId(i).setName("c" + i).build()))
                .toList();
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join().getName())
                    .isEqualTo("c" + i);
        }
    }
}
