package io.seedrpc.codec.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.StringValue;
import io.seedrpc.codec.protobuf.test.Address;
import io.seedrpc.codec.protobuf.test.Customer;

/** Test data. */
final class Customers {

    private Customers() {
    }

    static Address address(String street, String city) {
        return Address.newBuilder().setStreet(street).setCity(city).build();
    }

    /** A customer with every kind of field set: nested, repeated, maps, a oneof case, optional, wrapper, bytes. */
    static Customer full() {
        return Customer.newBuilder()
                .setId(7)
                .setName("Ada Lovelace")
                .setAddress(address("12 St James's Square", "London"))
                .addTags("gold").addTags("early-adopter").addTags("")
                .addPreviousAddresses(address("Marylebone", "London"))
                .addPreviousAddresses(address("Ockham Park", "Surrey"))
                .putScores("analytics", 99).putScores("engines", -3)
                .putBranches(1L, address("Main St 1", "Paris"))
                .putBranches(-2L, address("Quay 2", "Oslo"))
                .setEmail("ada@example.org")
                .setAge(36)
                .setNickname(StringValue.of("Enchantress of Numbers"))
                .setAvatar(ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 0xFF}))
                .build();
    }
}
