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

    private static final int BODY_HELD = 0;
    private static final int BODY_READING = 1;
    private static final int BODY_RELEASED = 2;

    // Field handles rather than an AtomicInteger and an AtomicBoolean: two objects fewer for every call.
    private static final VarHandle BODY_STATE;
    private static final VarHandle DONE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BODY_STATE = lookup.findVarHandle(AbstractServerCall.class, "bodyState", int.class);
            DONE = lookup.findVarHandle(AbstractServerCall.class, "done", boolean.class);
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
    /**
     * The deadline as an object, made when first asked for: most calls only ever need {@link #isOverdueAt}. Two
     * threads asking at once may each make one; they are equal and immutable, so either may be kept.
     */
    private Deadline deadline;
    private final String remoteAddress;
    private final ByteBuf body;
    /**
     * {@link #BODY_HELD} (0, the default: no volatile store in the constructor), {@link #BODY_READING} or
     * {@link #BODY_RELEASED}; changed through {@link #BODY_STATE}.
     */
    private volatile int bodyState;
    /** Whether the call has ended; set once through {@link #DONE}. */
    private volatile boolean done;
    private volatile Listener listener;

    /**
     * @param timeoutMillis the caller's budget as the wire carried it (0: none), for messages and interceptors
     * @param arrivedNanos  when the request arrived ({@link System#nanoTime()}): the budget counts from then
     * @param body          the encoded arguments, owned by the call from now on
     */
    AbstractServerCall(long requestId, String serviceKey, String methodKey, int timeoutMillis, long arrivedNanos,
                       String remoteAddress, ByteBuf body) {
        this.requestId = requestId;
        this.serviceKey = serviceKey;
        this.methodKey = methodKey;
        this.timeoutMillis = timeoutMillis;
        this.arrivedNanos = arrivedNanos;
        this.remoteAddress = remoteAddress;
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

    // Made from the primitives when first asked for (32 bytes a call fewer): the dispatcher asks only when an
    // interceptor or the method looks at the call; the wire's 0 means the caller set none.
    @Override
    public final Deadline deadline() {
        Deadline made = deadline;
        if (made == null) {
            made = timeoutMillis > 0 ? Deadline.afterMillisSince(arrivedNanos, timeoutMillis) : Deadline.none();
            deadline = made;
        }
        return made;
    }

    /**
     * Whether the deadline has passed at {@code nowNanos}, a {@link System#nanoTime()} reading; what
     * {@code deadline().isExpiredAt(nowNanos)} says, without making the deadline.
     */
    final boolean isOverdueAt(long nowNanos) {
        return timeoutMillis > 0 && nowNanos - arrivedNanos >= TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public final String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public final void setListener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public final boolean isDone() {
        return done;
    }

    @Override
    public final Object[] readArguments(Type[] parameterTypes) {
        if (!BODY_STATE.compareAndSet(this, BODY_HELD, BODY_READING)) {
            throw new IllegalStateException("call " + requestId + " was already answered or cancelled");
        }
        try {
            return decode(body, parameterTypes);
        } catch (IOException e) {
            throw new CodecException("cannot read the arguments: " + e.getMessage(), e);
        } finally {
            bodyState = BODY_RELEASED;
            body.release();
        }
    }

    @Override
    public final boolean sendValue(Object value, Type resultType) {
        if (!DONE.compareAndSet(this, false, true)) {
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
            log.warn("Cannot encode the result of {} for {}", describe(), remoteAddress, e);
            String reason = e instanceof UncheckedIOException ? e.getCause().toString() : e.toString();
            return fail(StatusCode.INTERNAL, e.getClass().getName(), "cannot encode the result: " + reason);
        }
        endAndSend(StatusCode.OK, null, answer);
        return true;
    }

    @Override
    public final boolean sendError(StatusCode status, String errorClass, String message) {
        if (!DONE.compareAndSet(this, false, true)) {
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
            log.warn("Cannot answer {} with {} for {}; closing the connection", describe(), status, remoteAddress, e);
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
        if (!DONE.compareAndSet(this, false, true)) {
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
        if (BODY_STATE.compareAndSet(this, BODY_HELD, BODY_RELEASED)) {
            body.release();
        }
        released();
        Listener current = listener;
        if (current != null) {
            current.onClose(status);
        }
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
