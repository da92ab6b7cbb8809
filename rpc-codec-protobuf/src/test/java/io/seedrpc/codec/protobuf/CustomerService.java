package io.seedrpc.codec.protobuf;

import com.google.protobuf.Empty;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.StringValue;
import io.seedrpc.codec.protobuf.test.Customer;
import io.seedrpc.codec.protobuf.test.CustomerId;
import io.seedrpc.codec.protobuf.test.Node;

import java.util.concurrent.CompletableFuture;

/** A protobuf service: every parameter and result is a generated message (or nothing). */
public interface CustomerService {

    Customer echo(Customer customer);

    CompletableFuture<Customer> echoAsync(Customer customer);

    /** The second customer's fields merged over the first's; either may be {@code null}. */
    Customer merge(Customer first, Customer second);

    StringValue greet(StringValue name);

    Int64Value count(Empty nothing);

    Int32Value depth(Node node);

    void forget(CustomerId id);

    /** Answers {@code null}. */
    Customer nobody(CustomerId id);

    Customer find(CustomerId id) throws CustomerNotFoundException;

    /** Throws {@link IllegalStateException}. */
    Customer crash(CustomerId id);

    /** Blocks until interrupted (by the server, when the call's deadline passes). */
    Customer stall(CustomerId id);
}
