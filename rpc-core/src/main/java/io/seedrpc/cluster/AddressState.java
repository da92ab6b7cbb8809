package io.seedrpc.cluster;

import io.seedrpc.Address;
import io.seedrpc.codec.Codec;
import io.seedrpc.transport.ClientConnection;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a {@link ConnectionPool} knows about one address: its connections (one per codec), whether it is out of
 * rotation and when to try it again, when it was last used, and how many cluster invokers want it kept in
 * reach. The health fields are guarded by {@code this}.
 */
final class AddressState {

    final Address address;
    final Map<Byte, CompletableFuture<ClientConnection>> connections = new ConcurrentHashMap<>();
    final Set<ClientConnection> closingForIdleness = ConcurrentHashMap.newKeySet();
    final AtomicInteger interest = new AtomicInteger();
    volatile long lastUsedNanos = System.nanoTime();
    volatile boolean ejected;
    int consecutiveFailures;
    Codec lastCodec;
    ScheduledFuture<?> probe;

    AddressState(Address address) {
        this.address = address;
    }

    /** Calls sent to this address and not yet answered, over all its connections. */
    int outstanding() {
        int total = 0;
        for (CompletableFuture<ClientConnection> future : connections.values()) {
            ClientConnection connection = future.isDone() && !future.isCompletedExceptionally()
                    ? future.getNow(null) : null;
            if (connection != null) {
                total += connection.pendingCalls();
            }
        }
        return total;
    }
}
