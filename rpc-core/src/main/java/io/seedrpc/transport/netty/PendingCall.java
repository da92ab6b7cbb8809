package io.seedrpc.transport.netty;

import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.protocol.MethodDescriptor;

import java.util.concurrent.CompletableFuture;

/**
 * A call sent on a {@link NettyClientConnection} and not yet answered. It is its own future and its own timeout
 * task, so a call costs one object in the pending table. Whoever removes it from that table — the response, the
 * timeout, a cancel or the connection closing — is the one who completes it.
 */
final class PendingCall extends CompletableFuture<Object> implements TimerTask {

    private final NettyClientConnection connection;
    private final long id;
    private final String serviceKey;
    private final MethodDescriptor method;
    private final long timeoutMillis;
    private volatile Timeout timeout;

    PendingCall(NettyClientConnection connection, long id, String serviceKey, MethodDescriptor method,
                long timeoutMillis) {
        this.connection = connection;
        this.id = id;
        this.serviceKey = serviceKey;
        this.method = method;
        this.timeoutMillis = timeoutMillis;
    }

    long id() {
        return id;
    }

    MethodDescriptor method() {
        return method;
    }

    String describe() {
        return method.describe(serviceKey) + " on " + connection.address();
    }

    void timeout(Timeout timeout) {
        this.timeout = timeout;
    }

    /** Stops the timeout once the call has left the pending table by another path. */
    void stopTimer() {
        Timeout current = timeout;
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void run(Timeout expired) {
        if (connection.removePending(this)) {
            connection.sendCancel(id);
            completeExceptionally(new RpcException(StatusCode.TIMEOUT,
                    describe() + " timed out after " + timeoutMillis + " ms"));
        }
    }

    /** Cancelling the future also tells the server to stop working on the call. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (connection.removePending(this)) {
            stopTimer();
            connection.sendCancel(id);
        }
        return super.cancel(mayInterruptIfRunning);
    }
}
