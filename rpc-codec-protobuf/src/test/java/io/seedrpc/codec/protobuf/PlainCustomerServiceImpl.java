package io.seedrpc.codec.protobuf;

import java.util.concurrent.CountDownLatch;

/** Fails exactly as {@link CustomerServiceImpl} does. */
final class PlainCustomerServiceImpl implements PlainCustomerService {

    @Override
    public String find(long id) throws CustomerNotFoundException {
        throw new CustomerNotFoundException("no customer " + id);
    }

    @Override
    public String crash(long id) {
        throw new IllegalStateException("customer " + id + " is locked");
    }

    @Override
    public String stall(long id) {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
