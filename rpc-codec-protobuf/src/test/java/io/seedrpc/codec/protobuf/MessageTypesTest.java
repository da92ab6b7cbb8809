package io.seedrpc.codec.protobuf;

import com.google.protobuf.Int64Value;
import com.google.protobuf.Message;
import io.seedrpc.codec.protobuf.test.Customer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each message class's own parser is looked up once and then handed out as the same object. */
class MessageTypesTest {

    @Test
    void aMessageClassResolvesOnceToItsOwnParser() {
        MessageTypes types = new MessageTypes();
        MessageType customer = types.of(Customer.class);
        assertThat(customer.isMessage()).isTrue();
        assertThat(customer.parser()).isSameAs(Customer.parser());
        assertThat(types.of(Customer.class)).isSameAs(customer);
        assertThat(types.of(Int64Value.class).parser()).isSameAs(Int64Value.parser());
    }

    @Test
    void otherTypesAreRefusedWithAReason() {
        MessageTypes types = new MessageTypes();
        assertThat(types.of(String.class).refusal()).isEqualTo("which is not a protobuf message");
        assertThat(types.of(Message.class).refusal()).startsWith("which is not a generated message class");
        assertThat(types.of(long.class).isMessage()).isFalse();
    }
}
