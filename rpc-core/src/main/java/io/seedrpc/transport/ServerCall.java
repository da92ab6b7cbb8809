package io.seedrpc.transport;

import io.seedrpc.Deadline;
import io.seedrpc.Metadata;
import io.seedrpc.StatusCode;

import java.lang.reflect.Type;

/**
 * One incoming call as the transport hands it to the server: the routing header, the still-encoded arguments,
 * and the means to answer exactly once.
 *
 * <p>Thread-safety: {@link #readArguments}, {@link #sendValue} and {@link #sendError} may be called from any
 * thread; the first answer wins and later ones return {@code false}. The transport calls the {@link Listener}
 * from its I/O thread or from whichever thread answered. Internal to SeedRPC: the seam between the server and its
 * transport.
 */
public interface ServerCall {

    /** The id the client gave the call; unique per connection while it is in flight. */
    long requestId();

    /** The service key, for example {@code com.acme.Orders:2.0}. */
    String serviceKey();

    /** The method key, for example {@code place(com.acme.Order)}. */
    String methodKey();

    /** The caller's remaining time budget in milliseconds when the request left it, as the wire carried it; 0 means none. */
    int timeoutMillis();

    /**
     * The instant by which the call must be answered: {@link #timeoutMillis()} from the moment the request arrived,
     * fixed once by the transport (which answers {@link StatusCode#TIMEOUT} when it passes); {@link Deadline#none()}
     * when the caller set none.
     */
    Deadline deadline();

    /**
     * When the request arrived, a {@link System#nanoTime()} reading: {@link #deadline()} counts from it, and the
     * server times the call from it.
     */
    long arrivedNanos();

    /**
     * The metadata the request carried, already checked against the server's limits; empty when it had none.
     * Transports that cannot carry metadata keep the default.
     */
    default Metadata metadata() {
        return Metadata.empty();
    }

    /** Where the call came from, for log lines: {@code /10.0.0.7:53412}. */
    String remoteAddress();

    /**
     * Sets who hears of cancellation and completion. Call it once, before the call is answered or handed to
     * another thread.
     */
    void setListener(Listener listener);

    /**
     * Decodes the arguments with the connection's codec and releases the encoded bytes.
     *
     * @throws io.seedrpc.codec.CodecException when the bytes do not decode into {@code parameterTypes}
     * @throws IllegalStateException           when the call was already answered or cancelled
     */
    Object[] readArguments(Type[] parameterTypes);

    /**
     * Answers with a result of the declared type {@code resultType}. If the result cannot be encoded the caller
     * is sent {@link StatusCode#INTERNAL} instead.
     *
     * @return whether this was the call's answer ({@code false} when it was already answered or cancelled)
     */
    boolean sendValue(Object value, Type resultType);

    /**
     * Answers with a failure.
     *
     * @param errorClass the exception class name to report, may be {@code null}
     * @return whether this was the call's answer
     */
    boolean sendError(StatusCode status, String errorClass, String message);

    /** Whether the call has been answered or cancelled. */
    boolean isDone();

    /** Hears what happens to a call after it was handed over. */
    interface Listener {

        /**
         * The call is abandoned — the client gave up, the connection closed, or its deadline passed and the
         * transport answered {@link StatusCode#TIMEOUT} — so stop working on it.
         */
        void onCancel();

        /** The call ended with {@code status}; called exactly once, last. */
        void onClose(StatusCode status);
    }
}
