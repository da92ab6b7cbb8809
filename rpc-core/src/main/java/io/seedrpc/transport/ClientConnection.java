package io.seedrpc.transport;

import io.seedrpc.Address;
import io.seedrpc.Deadline;
import io.seedrpc.Metadata;
import io.seedrpc.protocol.MethodDescriptor;

import java.util.concurrent.CompletableFuture;

/**
 * One established, handshaken connection to a server, multiplexing any number of calls.
 *
 * <p>Thread-safe. Every call ends: with its result, with an {@link io.seedrpc.RpcException} when the server
 * answers with an error, when the timeout passes ({@link io.seedrpc.StatusCode#TIMEOUT}), or when the
 * connection drops ({@link io.seedrpc.StatusCode#CONNECTION_ERROR}). The returned futures complete on the
 * connection's I/O thread; run blocking follow-up work with the {@code *Async} methods of
 * {@code CompletableFuture}.
 */
public interface ClientConnection extends AutoCloseable {

    /** Where this connection goes. */
    Address address();

    /**
     * Sends one call that must be answered by {@code deadline}; the time left is written into the request when it
     * is encoded, so the server stops when the caller does.
     *
     * @param serviceKey the service key, for example {@code com.acme.Orders:2.0}
     * @param method     the method, which gives its key and types
     * @param args       the arguments, as many as the method declares
     * @param deadline   when the call fails with {@link io.seedrpc.StatusCode#TIMEOUT}; already passed, the call
     *                   fails so at once and nothing is sent; {@link Deadline#none()} waits without limit (not
     *                   recommended)
     * @param metadata   the request's headers; when they do not fit the protocol (more than 65,535 entries) the
     *                   future fails with {@link io.seedrpc.StatusCode#BAD_REQUEST} and nothing is sent
     * @return the result; cancelling it tells the server to stop working on the call
     */
    CompletableFuture<Object> call(String serviceKey, MethodDescriptor method, Object[] args, Deadline deadline,
                                   Metadata metadata);

    /**
     * Sends one call with {@code metadata} in its request, due {@code timeoutMillis} from now; 0 or less waits
     * without limit (not recommended).
     *
     * @see #call(String, MethodDescriptor, Object[], Deadline, Metadata)
     */
    default CompletableFuture<Object> call(String serviceKey, MethodDescriptor method, Object[] args,
                                           long timeoutMillis, Metadata metadata) {
        return call(serviceKey, method, args, timeoutMillis > 0 ? Deadline.afterMillis(timeoutMillis) : Deadline.none(),
                metadata);
    }

    /**
     * Sends one call without metadata, due {@code timeoutMillis} from now; 0 or less waits without limit (not
     * recommended).
     *
     * @see #call(String, MethodDescriptor, Object[], Deadline, Metadata)
     */
    default CompletableFuture<Object> call(String serviceKey, MethodDescriptor method, Object[] args,
                                           long timeoutMillis) {
        return call(serviceKey, method, args, timeoutMillis, Metadata.empty());
    }

    /** Whether new calls may be sent: the connection is open and the server has not asked to drain it. */
    boolean isAvailable();

    /** Whether the server asked to drain this connection (it is shutting down); stays true once closed. */
    boolean isDraining();

    /** Whether the connection is still open (it may be draining). */
    boolean isOpen();

    /** How many calls are waiting for an answer. */
    int pendingCalls();

    /** Completes when the connection has closed, for whatever reason. */
    CompletableFuture<Void> closeFuture();

    /** Closes the connection; pending calls fail with a connection error. Does not wait. */
    @Override
    void close();
}
