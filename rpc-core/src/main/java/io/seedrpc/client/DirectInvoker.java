package io.seedrpc.client;

import io.seedrpc.Address;
import io.seedrpc.codec.Codec;
import io.seedrpc.invoke.Invocation;
import io.seedrpc.invoke.Invoker;

import java.util.concurrent.CompletableFuture;

/** Sends every invocation to one fixed address, bypassing discovery: for {@code tcp://host:port} references. */
final class DirectInvoker implements Invoker {

    private final ConnectionCache.Route route;
    private final Address address;
    private final Codec codec;

    DirectInvoker(ConnectionCache connections, Address address, Codec codec) {
        this.route = connections.route(address, codec);
        this.address = address;
        this.codec = codec;
    }

    @Override
    public CompletableFuture<Object> invoke(Invocation invocation) {
        // By its parts: the invocation then does not outlive this call, and C2 can leave it unallocated.
        return route.call(invocation.serviceKey(), invocation.method(), invocation.args(), invocation.deadline(),
                invocation.metadata());
    }

    @Override
    public String toString() {
        return "direct " + address + " (" + codec.name() + ")";
    }
}
