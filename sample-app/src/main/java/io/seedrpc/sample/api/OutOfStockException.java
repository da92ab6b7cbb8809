package io.seedrpc.sample.api;

/** A reservation asked for more units than are left. A checked business exception: the caller must decide. */
public class OutOfStockException extends Exception {

    public OutOfStockException(String message) {
        super(message);
    }
}
