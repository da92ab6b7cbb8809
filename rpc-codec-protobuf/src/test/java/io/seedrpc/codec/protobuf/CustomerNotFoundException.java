package io.seedrpc.codec.protobuf;

/** A checked business exception, declared by {@link CustomerService#find} and {@link PlainCustomerService#find}. */
public class CustomerNotFoundException extends Exception {

    private static final long serialVersionUID = 1L;

    public CustomerNotFoundException(String message) {
        super(message);
    }
}
