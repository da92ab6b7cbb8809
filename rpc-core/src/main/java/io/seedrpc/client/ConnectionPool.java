package io.seedrpc.client;

import io.seedrpc.Address;
import io.seedrpc.codec.Codec;
import io.seedrpc.transport.ClientConnection;
import io.seedrpc.transport.netty.NettyClientTransport;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection per address and codec, shared by every reference of a client: opened on first use, replaced
 * when it closes or the server asks to drain it. Concurrent callers of a new address share one connect.
 * Thread-safe.
 */
final class ConnectionPool {

    private record Key(Address address, byte codecId) {
    }

    private final NettyClientTransport transport;
    private final Map<Key, CompletableFuture<ClientConnection>> connections = new ConcurrentHashMap<>();

    ConnectionPool(NettyClientTransport transport) {
        this.transport = transport;
    }

    /**
     * A usable connection to {@code address} speaking {@code codec}, connecting if there is none. The future
     * fails with an {@link io.seedrpc.RpcException} naming the address when the connection cannot be made; the
     * next request tries again.
     */
    CompletableFuture<ClientConnection> get(Address address, Codec codec) {
        Key key = new Key(address, codec.id());
        CompletableFuture<ClientConnection> current = connections.get(key);
        if (current != null && isUsableOrPending(current)) {
            return current;
        }
        return connections.compute(key, (k, existing) ->
                existing != null && isUsableOrPending(existing) ? existing : open(k, codec));
    }

    private CompletableFuture<ClientConnection> open(Key key, Codec codec) {
        CompletableFuture<ClientConnection> connecting = transport.connect(key.address(), codec);
        connecting.whenComplete((connection, failure) -> {
            if (failure != null) {
                connections.remove(key, connecting);
            } else {
                connection.closeFuture().thenRun(() -> connections.remove(key, connecting));
            }
        });
        return connecting;
    }

    private static boolean isUsableOrPending(CompletableFuture<ClientConnection> future) {
        if (!future.isDone()) {
            return true;
        }
        ClientConnection connection = future.isCompletedExceptionally() ? null : future.getNow(null);
        return connection != null && connection.isAvailable();
    }

    /** How many connections are open or opening. */
    int size() {
        return connections.size();
    }
}
