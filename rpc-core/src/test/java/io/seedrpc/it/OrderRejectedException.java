package io.seedrpc.it;

/** A checked business exception declared by the service interface. */
public class OrderRejectedException extends Exception {

    public OrderRejectedException(String message) {
        super(message);
    }
}
