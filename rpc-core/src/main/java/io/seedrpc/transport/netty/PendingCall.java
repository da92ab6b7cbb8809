package io.seedrpc.transport.netty;

import io.seedrpc.Deadline;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.protocol.MethodDescriptor;

import java.util.concurrent.CompletableFuture;

/**
 * A call sent on a {@link NettyClientConnection} and not yet answered. It is its own future, so a call costs one
 * object in the pending table, and it carries the call's deadline, which the connection's sweep checks. Whoever
 * removes it from that table — the response, the sweep, a cancel or the connection closing — is the one who
 * completes it. It forwards to nothing, so it is a plain {@code CompletableFuture} that tells its connection of a
 * cancel.
 */
final class PendingCall extends CompletableFuture<Object> {

    private final NettyClientConnection connection;
    private final long id;
    private final String serviceKey;
    private final MethodDescriptor method;
    private final Deadline deadline;

    PendingCall(NettyClientConnection connection, long id, String serviceKey, MethodDescriptor method,
                Deadline deadline) {
        this.connection = connection;
        this.id = id;
        this.serviceKey = serviceKey;
        this.method = method;
        this.deadline = deadline;
    }

    long id() {
        return id;
    }

    MethodDescriptor method() {
        return method;
    }

    Deadline deadline() {
        return deadline;
    }

    /** {@code service.method(types) on tcp://host:port}, for messages. */
    String describe() {
        return method.describe(serviceKey) + " on " + connection.address();
    }

    /** Fails the call with a timeout and tells the server to stop; called by the sweep once it is removed. */
    void expire() {
        connection.sendCancel(id);
        completeExceptionally(new RpcException(StatusCode.TIMEOUT,
                describe() + " timed out after " + deadline.timeout().toMillis() + " ms"));
    }

    /** Cancelling the future also tells the server to stop working on the call. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (connection.removePending(this)) {
            connection.sendCancel(id);
        }
        return cancelled;
    }
}
