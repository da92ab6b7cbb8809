package io.seedrpc.client;

import io.seedrpc.Address;
import io.seedrpc.Deadline;
import io.seedrpc.Metadata;
import io.seedrpc.codec.Codec;
import io.seedrpc.invoke.Invocation;
import io.seedrpc.invoke.Invoker;
import io.seedrpc.protocol.MethodDescriptor;

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
        return call(invocation.serviceKey(), invocation.method(), invocation.args(), invocation.deadline(),
                invocation.metadata());
    }

    /** The call {@link #invoke} makes, for a proxy without interceptors, which has no {@link Invocation} to give. */
    CompletableFuture<Object> call(String serviceKey, MethodDescriptor method, Object[] args, Deadline deadline,
                                   Metadata metadata) {
        return route.call(serviceKey, method, args, deadline, metadata);
    }

    @Override
    public String toString() {
        return "direct " + address + " (" + codec.name() + ")";
    }
}
