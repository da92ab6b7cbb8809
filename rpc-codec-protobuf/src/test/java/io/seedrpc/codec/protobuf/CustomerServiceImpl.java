package io.seedrpc.codec.protobuf;

import com.google.protobuf.Empty;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import io.seedrpc.codec.protobuf.test.Customer;
import io.seedrpc.codec.protobuf.test.CustomerId;
import io.seedrpc.codec.protobuf.test.Node;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

final class CustomerServiceImpl implements CustomerService {

    final AtomicLong forgotten = new AtomicLong();
    final CountDownLatch stallInterrupted = new CountDownLatch(1);

    @Override
    public Customer echo(Customer customer) {
        return customer;
    }

    @Override
    public CompletableFuture<Customer> echoAsync(Customer customer) {
        return CompletableFuture.supplyAsync(() -> customer);
    }

    @Override
    public Customer merge(Customer first, Customer second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first.toBuilder().mergeFrom(second).build();
    }

    @Override
    public StringValue greet(StringValue name) {
        return StringValue.of("hello " + name.getValue());
    }

    @Override
    public Int64Value count(Empty nothing) {
        return Int64Value.of(nothing == null ? -1 : 42);
    }

    @Override
    public Int32Value depth(Node node) {
        int depth = 0;
        for (Node at = node; at.hasChild(); at = at.getChild()) {
            depth++;
        }
        return Int32Value.of(depth);
    }

    @Override
    public void forget(CustomerId id) {
        forgotten.set(id.getId());
    }

    @Override
    public Customer nobody(CustomerId id) {
        return null;
    }

    @Override
    public Customer find(CustomerId id) throws CustomerNotFoundException {
        throw new CustomerNotFoundException("no customer " + id.getId());
    }

    @Override
    public Customer crash(CustomerId id) {
        throw new IllegalStateException("customer " + id.getId() + " is locked");
    }

    @Override
    public Customer stall(CustomerId id) {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            stallInterrupted.countDown();
            Thread.currentThread().interrupt();
        }
        return null;
    }
}
