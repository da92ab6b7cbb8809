package io.seedrpc.client;

import io.seedrpc.Address;
import io.seedrpc.codec.Codec;
import io.seedrpc.transport.ClientConnection;

import java.util.concurrent.CompletableFuture;

/** Sends every invocation to one address, over the pooled connection for it. */
final class DirectInvoker implements Invoker {

    private final ConnectionPool pool;
    private final Address address;
    private final Codec codec;

    DirectInvoker(ConnectionPool pool, Address address, Codec codec) {
        this.pool = pool;
        this.address = address;
        this.codec = codec;
    }

    @Override
    public CompletableFuture<Object> invoke(Invocation invocation) {
        CompletableFuture<ClientConnection> connection = pool.get(address, codec);
        ClientConnection ready = connection.isDone() && !connection.isCompletedExceptionally()
                ? connection.getNow(null) : null;
        if (ready != null) {
            return send(ready, invocation);
        }
        ChainedCall chained = new ChainedCall();
        connection.whenComplete((opened, failure) -> {
            if (failure != null) {
                chained.completeExceptionally(failure);
            } else if (!chained.isCancelled()) {
                chained.follow(send(opened, invocation));
            }
        });
        return chained;
    }

    private static CompletableFuture<Object> send(ClientConnection connection, Invocation invocation) {
        return connection.call(invocation.serviceKey(), invocation.method(), invocation.args(),
                invocation.timeoutMillis());
    }

    @Override
    public String toString() {
        return "direct " + address + " (" + codec.name() + ")";
    }
}
