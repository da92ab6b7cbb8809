package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.seedrpc.Deadline;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.CodecException;
import io.seedrpc.transport.ServerCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Type;
import java.util.concurrent.TimeUnit;

/**
 * What a call has in common whether it came as a binary REQUEST or as an HTTP POST: it ends exactly once — the
 * first of answer, timeout answer and cancellation wins — its encoded arguments are released exactly once,
 * whichever thread gets there, and its listener hears of the cancel and then of the end. A subclass says only how
 * its arguments are decoded and its answers encoded and sent.
 */
abstract class AbstractServerCall implements ServerCall {

    private static final Logger log = LoggerFactory.getLogger(AbstractServerCall.class);

    /** A bit of {@link #state}: a thread has taken the arguments, to decode them or to release them unread. */
    private static final int BODY_TAKEN = 1;
    /** A bit of {@link #state}: the call has ended (answered or cancelled). */
    private static final int DONE = 2;

    // A field handle rather than atomics, and one int for both facts: no object and no field more for every call.
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(AbstractServerCall.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long requestId;
    private final String serviceKey;
    private final String methodKey;
    private final int timeoutMillis;
    /** When the request arrived, a {@link System#nanoTime()} reading: the deadline counts from it. */
    private final long arrivedNanos;
    private final ByteBuf body;
    /**
     * {@link #BODY_TAKEN} and {@link #DONE}, each set once through {@link #STATE}; 0, the default, at first (no
     * volatile store in the constructor). Whoever takes the body first releases it: the reader after decoding, or
     * the end of the call when nobody read it.
     */
    private volatile int state;
    private volatile Listener listener;

    /**
     * @param timeoutMillis the caller's budget as the wire carried it (0: none), for messages and interceptors
     * @param arrivedNanos  when the request arrived ({@link System#nanoTime()}): the budget counts from then
     * @param body          the encoded arguments, owned by the call from now on
     */
    AbstractServerCall(long requestId, String serviceKey, String methodKey, int timeoutMillis, long arrivedNanos,
                       ByteBuf body) {
        this.requestId = requestId;
        this.serviceKey = serviceKey;
        this.methodKey = methodKey;
        this.timeoutMillis = timeoutMillis;
        this.arrivedNanos = arrivedNanos;
        this.body = body;
    }

    @Override
    public final long requestId() {
        return requestId;
    }

    @Override
    public final String serviceKey() {
        return serviceKey;
    }

    @Override
    public final String methodKey() {
        return methodKey;
    }

    @Override
    public final int timeoutMillis() {
        return timeoutMillis;
    }

    // Made from the primitives when asked for, and not kept (a field fewer in every call): the dispatcher asks
    // only when an interceptor or the method looks at the call, and keeps it there; the wire's 0 means none set.
    @Override
    public final Deadline deadline() {
        return timeoutMillis > 0 ? Deadline.afterMillisSince(arrivedNanos, timeoutMillis) : Deadline.none();
    }

    @Override
    public final long arrivedNanos() {
        return arrivedNanos;
    }

    /**
     * Whether the deadline has passed at {@code nowNanos}, a {@link System#nanoTime()} reading; what
     * {@code deadline().isExpiredAt(nowNanos)} says, without making the deadline.
     */
    final boolean isOverdueAt(long nowNanos) {
        return timeoutMillis > 0 && nowNanos - arrivedNanos >= TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public final void setListener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public final boolean isDone() {
        return (state & DONE) != 0;
    }

    @Override
    public final Object[] readArguments(Type[] parameterTypes) {
        if (!takeBody()) {
            throw new IllegalStateException("call " + requestId + " was already answered or cancelled");
        }
        try {
            return decode(body, parameterTypes);
        } catch (IOException e) {
            throw new CodecException("cannot read the arguments: " + e.getMessage(), e);
        } finally {
            body.release();
        }
    }

    @Override
    public final boolean sendValue(Object value, Type resultType) {
        if (!markDone()) {
            return false;
        }
        ByteBuf answer;
        try {
            answer = encodeValue(value, resultType);
        } catch (UnsendableAnswer e) {
            return fail(StatusCode.INTERNAL, null, e.getMessage());
        } catch (IOException | RuntimeException | Error e) {
            // An Error too (a StackOverflowError from a deep result, an OutOfMemoryError): whatever went wrong,
            // the call must end and leave the table, or it stays "in flight" for ever.
            log.warn("Cannot encode the result of {} for {}", describe(), remoteAddress(), e);
            String reason = e instanceof UncheckedIOException ? e.getCause().toString() : e.toString();
            return fail(StatusCode.INTERNAL, e.getClass().getName(), "cannot encode the result: " + reason);
        }
        endAndSend(StatusCode.OK, null, answer);
        return true;
    }

    @Override
    public final boolean sendError(StatusCode status, String errorClass, String message) {
        if (!markDone()) {
            return false;
        }
        return fail(status, errorClass, message);
    }

    private boolean fail(StatusCode status, String errorClass, String message) {
        ByteBuf answer;
        try {
            answer = encodeError(status, errorClass, message);
        } catch (RuntimeException | Error e) {
            // Not even the error answer could be built (out of memory): end the call all the same, and close the
            // connection so that the client fails the call at once instead of waiting for its deadline.
            log.warn("Cannot answer {} with {} for {}; closing the connection", describe(), status, remoteAddress(),
                    e);
            ended(status);
            closeConnection();
            return true;
        }
        endAndSend(status, errorClass, answer);
        return true;
    }

    /**
     * The deadline passed: answers {@link StatusCode#TIMEOUT} and tells the listener to stop the work, so that the
     * thread running the method is interrupted rather than left running for a caller that has given up.
     */
    final void expire() {
        if (sendError(StatusCode.TIMEOUT, null, timeoutMessage())) {
            notifyCancel();
        }
    }

    /** The client gave up or the connection closed: no answer is sent. */
    final void cancel() {
        if (!markDone()) {
            return;
        }
        notifyCancel();
        ended(StatusCode.CANCELLED);
    }

    private void notifyCancel() {
        Listener current = listener;
        if (current != null) {
            current.onCancel();
        }
    }

    /**
     * Ends the call, once: releases the arguments if nobody read them, lets the subclass give back what it held,
     * then tells the listener (stats, metrics, drain accounting).
     */
    final void ended(StatusCode status) {
        if (takeBody()) {
            body.release();
        }
        released();
        Listener current = listener;
        if (current != null) {
            current.onClose(status);
        }
    }

    /** Takes the arguments, to read or to release them; {@code false} when another thread took them first. */
    private boolean takeBody() {
        return ((int) STATE.getAndBitwiseOr(this, BODY_TAKEN) & BODY_TAKEN) == 0;
    }

    /** Ends the call; {@code false} when it had ended already. */
    private boolean markDone() {
        return ((int) STATE.getAndBitwiseOr(this, DONE) & DONE) == 0;
    }

    /** {@code service.method}, for log lines and messages. */
    String describe() {
        return serviceKey + "." + methodKey;
    }

    /** Decodes the arguments from {@code body}; the caller releases the body. */
    abstract Object[] decode(ByteBuf body, Type[] parameterTypes) throws IOException;

    /**
     * Encodes an OK answer; releases what it allocated when it fails.
     *
     * @throws UnsendableAnswer when the answer was encoded but may not be sent; the caller gets {@code INTERNAL}
     */
    abstract ByteBuf encodeValue(Object value, Type resultType) throws IOException;

    /** Encodes an error answer; releases what it allocated when it fails. */
    abstract ByteBuf encodeError(StatusCode status, String errorClass, String message);

    /**
     * Calls {@link #ended} and then hands the encoded answer to the connection: listeners hear of the end before
     * the answer leaves, so that a caller holding the answer never sees counts that do not include its call yet.
     */
    abstract void endAndSend(StatusCode status, String errorClass, ByteBuf answer);

    /** Closes the call's connection, when not even an error answer could be built. */
    abstract void closeConnection();

    /** What the caller is told when the deadline passes. */
    abstract String timeoutMessage();

    /** Gives back what the call held besides its arguments; called once, when it ends. */
    void released() {
    }

    /** An answer that was encoded but cannot be sent, such as one over the client's frame limit. */
    static final class UnsendableAnswer extends RuntimeException {

        UnsendableAnswer(String message) {
            super(message, null, false, false);
        }
    }
}
