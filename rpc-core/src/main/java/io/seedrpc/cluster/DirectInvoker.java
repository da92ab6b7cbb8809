package io.seedrpc.cluster;

import io.seedrpc.Address;
import io.seedrpc.codec.Codec;
import io.seedrpc.invoke.Invocation;
import io.seedrpc.invoke.Invoker;

import java.util.concurrent.CompletableFuture;

/** Sends every invocation to one fixed address, bypassing discovery: for {@code tcp://host:port} references. */
public final class DirectInvoker implements Invoker {

    private final ConnectionPool pool;
    private final Address address;
    private final Codec codec;

    public DirectInvoker(ConnectionPool pool, Address address, Codec codec) {
        this.pool = pool;
        this.address = address;
        this.codec = codec;
    }

    @Override
    public CompletableFuture<Object> invoke(Invocation invocation) {
        return pool.call(address, codec, invocation);
    }

    @Override
    public String toString() {
        return "direct " + address + " (" + codec.name() + ")";
    }
}
