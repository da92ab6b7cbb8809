package io.seedrpc.codec.protobuf;

/** {@link CustomerService}'s failing methods with plain Java types, for the Kryo and JSON codecs. */
public interface PlainCustomerService {

    String find(long id) throws CustomerNotFoundException;

    String crash(long id);

    String stall(long id);
}
