package io.seedrpc.client;

import io.seedrpc.Address;
import io.seedrpc.Deadline;
import io.seedrpc.Metadata;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.Codec;
import io.seedrpc.internal.ForwardingFuture;
import io.seedrpc.invoke.Invocation;
import io.seedrpc.protocol.MethodDescriptor;
import io.seedrpc.transport.ClientConnection;
import io.seedrpc.transport.ClientTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection per address and codec, shared by every reference of a client: connections open on first use,
 * concurrent callers share one connect, and a connection that closes or is asked to drain is replaced on the
 * next call. What each connect and close says about its address goes to {@link AddressHealth}; connections
 * nobody uses are closed by the {@link UnusedConnectionSweeper}. The transport owns the connections and closes
 * them. Thread-safe.
 */
final class ConnectionCache {

    private static final Logger log = LoggerFactory.getLogger(ConnectionCache.class);

    /** The connections to one address, by codec id, and when one of them was last asked for. */
    private static final class AddressConnections {
        final Map<Byte, CompletableFuture<ClientConnection>> byCodec = new ConcurrentHashMap<>();
        /** Closed because nobody used them: their closing says nothing about the address. */
        final Set<ClientConnection> closingUnused = ConcurrentHashMap.newKeySet();
        /** When the address was first asked for, or when a sweep found it had been used since the one before. */
        volatile long lastUsedNanos = System.nanoTime();
        /**
         * Set by every use and cleared by the sweep, which counts its own time as the time of that use: a call
         * reads no clock, and once the flag is set writes nothing the other callers share.
         */
        volatile boolean usedSinceSweep;

        void markUsed() {
            if (!usedSinceSweep) {
                usedSinceSweep = true;
            }
        }
    }

    /** A connection a {@link Route} sends on while it is available, with the state of its address. */
    private record Ready(ClientConnection connection, AddressConnections state) {
    }

    private final ClientTransport transport;
    private final AddressHealth health;
    private final Map<Address, AddressConnections> addresses = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ConnectionCache(ClientTransport transport, AddressHealth health) {
        this.transport = transport;
        this.health = health;
    }

    /**
     * Sends {@code invocation} to {@code address} over its connection for {@code codec}, opening one if needed.
     * Never blocks. If no connection can be opened the future fails with an {@link RpcException} that names the
     * address and reports that nothing was sent. Cancelling the future cancels the call, even one still waiting
     * for its connection. The time the connection takes to open is not taken from the call's deadline.
     */
    CompletableFuture<Object> call(Address address, Codec codec, Invocation invocation) {
        return call(address, codec, invocation, null);
    }

    /** {@link #call(Address, Codec, Invocation)}, telling {@code route} (when there is one) the connection used. */
    private CompletableFuture<Object> call(Address address, Codec codec, Invocation invocation, Route route) {
        AddressConnections state = stateOf(address);
        CompletableFuture<ClientConnection> connection = connection(state, address, codec);
        ClientConnection ready = readyOrNull(connection);
        if (ready != null) {
            if (route != null) {
                route.ready = new Ready(ready, state);
            }
            return send(ready, invocation);
        }
        long waitStarted = System.nanoTime();
        ForwardingFuture<Object> chained = new ForwardingFuture<>();
        connection.whenComplete((opened, failure) -> {
            if (failure != null) {
                chained.completeExceptionally(failure);
            } else if (!chained.isCancelled()) {
                // Opening a connection is bounded by the connect and handshake timeouts, not by the call's: the
                // call's time starts when it can be sent.
                Duration opening = Duration.ofNanos(System.nanoTime() - waitStarted);
                chained.follow(send(opened, invocation.withDeadline(invocation.deadline().extendedBy(opening))));
            }
        });
        return chained;
    }

    private static CompletableFuture<Object> send(ClientConnection connection, Invocation invocation) {
        return connection.call(invocation.serviceKey(), invocation.method(), invocation.args(),
                invocation.deadline(), invocation.metadata());
    }

    /**
     * The way to {@code address} with {@code codec}, for a reference that always calls there: it keeps the
     * connection its last call went out on and sends on it while that is available, so that a call costs no
     * lookup by address and codec. When it is not, the call takes the way of {@link #call} and the route learns
     * the connection found.
     */
    Route route(Address address, Codec codec) {
        return new Route(address, codec);
    }

    /** See {@link #route}. Thread-safe. */
    final class Route {

        private final Address address;
        private final Codec codec;
        private volatile Ready ready;

        private Route(Address address, Codec codec) {
            this.address = address;
            this.codec = codec;
        }

        /**
         * As {@link ConnectionCache#call}, for a call given by its parts: an {@link Invocation} is made only when
         * the call has to wait for a connection.
         */
        CompletableFuture<Object> call(String serviceKey, MethodDescriptor method, Object[] args, Deadline deadline,
                                       Metadata metadata) {
            Ready current = ready;
            if (current != null && current.connection().isAvailable()) {
                current.state().markUsed();
                return current.connection().call(serviceKey, method, args, deadline, metadata);
            }
            return ConnectionCache.this.call(address, codec,
                    new Invocation(serviceKey, method, args, deadline, metadata), this);
        }
    }

    /** A usable connection to {@code address} for {@code codec}, opening one when there is none. */
    CompletableFuture<ClientConnection> connection(Address address, Codec codec) {
        return connection(stateOf(address), address, codec);
    }

    private AddressConnections stateOf(Address address) {
        return addresses.computeIfAbsent(address, a -> new AddressConnections());
    }

    private CompletableFuture<ClientConnection> connection(AddressConnections state, Address address, Codec codec) {
        state.markUsed();
        Byte key = codec.id();
        CompletableFuture<ClientConnection> current = state.byCodec.get(key);
        if (current != null && isUsableOrPending(current)) {
            return current;
        }
        CompletableFuture<ClientConnection> created = new CompletableFuture<>();
        CompletableFuture<ClientConnection> winner = state.byCodec.compute(key, (k, existing) ->
                existing != null && isUsableOrPending(existing) ? existing : created);
        // Connect outside compute: a connect that fails at once completes on this thread, and its handler
        // updates the same map entry, which inside compute would be a recursive update and be lost.
        if (winner == created) {
            open(address, state, codec, created);
        }
        return winner;
    }

    private void open(Address address, AddressConnections state, Codec codec,
                      CompletableFuture<ClientConnection> result) {
        Runnable reprobe = () -> connection(address, codec);
        transport.connect(address, codec).whenComplete((connection, failure) -> {
            if (failure != null) {
                state.byCodec.remove(codec.id(), result);
                RpcException cause = failure instanceof RpcException rpc ? rpc
                        : new RpcException(StatusCode.CONNECTION_ERROR, failure.toString(), failure);
                health.markFailed(address, cause.getMessage(), false, reprobe);
                // Nothing was sent, so a failover client may safely try another instance.
                result.completeExceptionally(new RpcException(cause.status(), cause.getMessage(), cause, true));
                return;
            }
            connection.closeFuture().thenRun(() -> {
                boolean wasCurrent = state.byCodec.remove(codec.id(), result);
                boolean unused = state.closingUnused.remove(connection);
                // A connection already replaced (the server asked to drain it) says nothing about the address.
                if (wasCurrent && !unused && !closed) {
                    health.markFailed(address, connection.isDraining()
                            ? address + " shut down (it drained its connections)"
                            : "the connection to " + address + " closed", connection.isDraining(), reprobe);
                }
            });
            health.markReachable(address);
            result.complete(connection);
        });
    }

    private static boolean isUsableOrPending(CompletableFuture<ClientConnection> future) {
        if (!future.isDone()) {
            return true;
        }
        ClientConnection connection = readyOrNull(future);
        return connection != null && connection.isAvailable();
    }

    private static ClientConnection readyOrNull(CompletableFuture<ClientConnection> future) {
        return future.isDone() && !future.isCompletedExceptionally() ? future.getNow(null) : null;
    }

    /** Calls sent to {@code address} by this client and not yet answered, over all its connections. */
    int outstanding(Address address) {
        AddressConnections state = addresses.get(address);
        if (state == null) {
            return 0;
        }
        int total = 0;
        for (CompletableFuture<ClientConnection> future : state.byCodec.values()) {
            ClientConnection connection = readyOrNull(future);
            if (connection != null) {
                total += connection.pendingCalls();
            }
        }
        return total;
    }

    /**
     * Closes the connections, with no call in flight, of every address nobody has asked for in the last
     * {@code unusedNanos}; forgets addresses left without connections.
     */
    void closeUnused(long unusedNanos) {
        long now = System.nanoTime();
        addresses.forEach((address, state) -> {
            if (state.usedSinceSweep) {
                state.usedSinceSweep = false;
                state.lastUsedNanos = now;
            }
            if (now - state.lastUsedNanos < unusedNanos) {
                return;
            }
            for (CompletableFuture<ClientConnection> future : state.byCodec.values()) {
                ClientConnection connection = readyOrNull(future);
                if (connection != null && connection.pendingCalls() == 0) {
                    log.debug("Closing {}: unused for {} ms", connection, unusedNanos / 1_000_000);
                    state.closingUnused.add(connection);
                    connection.close();
                }
            }
            if (state.byCodec.isEmpty()) {
                addresses.remove(address, state);
            }
        });
    }

    /** From now on a closing connection says nothing about its address: the client is closing them all. */
    void close() {
        closed = true;
    }
}
