package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.seedrpc.Metadata;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.CodecException;
import io.seedrpc.transport.ServerCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call received on a {@link ServerConnectionHandler}. The first of answer, timeout answer and cancellation
 * wins; the encoded arguments are released exactly once, whichever thread gets there.
 */
final class NettyServerCall implements ServerCall {

    private static final Logger log = LoggerFactory.getLogger(NettyServerCall.class);

    private static final int BODY_HELD = 0;
    private static final int BODY_READING = 1;
    private static final int BODY_RELEASED = 2;

    private final ServerConnectionHandler connection;
    private final long requestId;
    private final String serviceKey;
    private final String methodKey;
    private final int timeoutMillis;
    private final Metadata metadata;
    private final ByteBuf body;
    /**
     * Bytes of {@link #body} counted in the server's memory budget until the call ends, whether or not the body
     * was decoded yet: its decoded arguments and its work take memory too, and the answer takes over the count.
     * Only large bodies are counted.
     */
    private final int bodyBytesHeld;
    private final long deadlineNanos;
    private final AtomicInteger bodyState = new AtomicInteger(BODY_HELD);
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Listener listener;

    NettyServerCall(ServerConnectionHandler connection, long requestId, String serviceKey, String methodKey,
                    int timeoutMillis, Metadata metadata, ByteBuf body) {
        this.connection = connection;
        this.requestId = requestId;
        this.serviceKey = serviceKey;
        this.methodKey = methodKey;
        this.timeoutMillis = timeoutMillis;
        this.metadata = metadata;
        this.body = body;
        this.bodyBytesHeld = body.readableBytes() >= FrameDecoder.LARGE_FRAME_BYTES ? body.readableBytes() : 0;
        if (bodyBytesHeld > 0) {
            connection.budget().reserve(bodyBytesHeld);
        }
        this.deadlineNanos = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : Long.MAX_VALUE;
    }

    /** Whether the caller's deadline has passed at {@code nowNanos}. */
    boolean isExpired(long nowNanos) {
        return nowNanos - deadlineNanos >= 0;
    }

    /**
     * Answers {@link StatusCode#TIMEOUT} and tells the listener to stop the work: the handler thread is
     * interrupted rather than left running for a caller that has given up.
     */
    void expire() {
        if (sendError(StatusCode.TIMEOUT, null, serviceKey + "." + methodKey
                + " did not finish within its deadline of " + timeoutMillis + " ms on the server")) {
            Listener current = listener;
            if (current != null) {
                current.onCancel();
            }
        }
    }

    @Override
    public long requestId() {
        return requestId;
    }

    @Override
    public String serviceKey() {
        return serviceKey;
    }

    @Override
    public String methodKey() {
        return methodKey;
    }

    @Override
    public int timeoutMillis() {
        return timeoutMillis;
    }

    @Override
    public Metadata metadata() {
        return metadata;
    }

    @Override
    public String remoteAddress() {
        return connection.remote();
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public Object[] readArguments(Type[] parameterTypes) {
        if (!bodyState.compareAndSet(BODY_HELD, BODY_READING)) {
            throw new IllegalStateException("call " + requestId + " was already answered or cancelled");
        }
        try (ByteBufInputStream in = new ByteBufInputStream(body)) {
            return connection.codec().readArguments(in, parameterTypes);
        } catch (IOException e) {
            throw new CodecException("cannot read arguments: " + e.getMessage(), e);
        } finally {
            bodyState.set(BODY_RELEASED);
            releaseBody();
        }
    }

    @Override
    public boolean sendValue(Object value, Type resultType) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        ByteBuf frame = null;
        try {
            frame = Frames.begin(connection.alloc(), FrameType.RESPONSE, 64);
            frame.writeLong(requestId);
            frame.writeByte(StatusCode.OK.wireValue());
            try (ByteBufOutputStream out = new ByteBufOutputStream(frame)) {
                connection.codec().writeValue(out, value, resultType);
            }
            int length = Frames.lengthOf(frame);
            if (length > connection.clientMaxFrameSize()) {
                frame.release();
                return finish(StatusCode.INTERNAL, null, "the result is " + length
                        + " bytes, over the client's frame limit of " + connection.clientMaxFrameSize() + " bytes");
            }
        } catch (IOException | RuntimeException | Error e) {
            // An Error too (a StackOverflowError from a deep result, an OutOfMemoryError): whatever went wrong,
            // the call must end and leave the table, or it stays "in flight" for ever.
            if (frame != null) {
                frame.release();
            }
            log.warn("Cannot encode the result of {}.{} for {}", serviceKey, methodKey, connection.remote(), e);
            String reason = e instanceof UncheckedIOException ? e.getCause().toString() : e.toString();
            return finish(StatusCode.INTERNAL, e.getClass().getName(), "cannot encode the result: " + reason);
        }
        endAndSend(StatusCode.OK, frame);
        return true;
    }

    @Override
    public boolean sendError(StatusCode status, String errorClass, String message) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        return finish(status, errorClass, message);
    }

    private boolean finish(StatusCode status, String errorClass, String message) {
        ByteBuf frame = null;
        try {
            frame = Frames.begin(connection.alloc(), FrameType.RESPONSE, 128);
            frame.writeLong(requestId);
            frame.writeByte(status.wireValue());
            Frames.writeShortString(frame, errorClass);
            Frames.writeMessage(frame, message);
        } catch (RuntimeException | Error e) {
            // Not even the error answer could be built (out of memory): end the call all the same, and close the
            // connection so that the client fails the call at once instead of waiting for its deadline.
            if (frame != null) {
                frame.release();
                frame = null;
            }
            log.warn("Cannot answer {}.{} with {} for {}; closing the connection", serviceKey, methodKey, status,
                    connection.remote(), e);
        }
        if (frame != null) {
            endAndSend(status, frame);
        } else {
            ended(status);
            connection.close();
        }
        return true;
    }

    /**
     * Ends the call, then queues its answer. Listeners (stats, metrics, drain accounting) run before the answer
     * leaves, so that a caller holding the answer never sees counts that do not include its call yet; a server
     * draining its calls therefore sees this one end before its answer is queued, and the transport's close waits
     * for answers caught in between ({@link ServerConnections#awaitAnswersQueued}).
     */
    private void endAndSend(StatusCode status, ByteBuf frame) {
        ServerConnections connections = connection.connections();
        connections.answerLeaving();
        try {
            ended(status);
            connection.out().enqueue(Frames.seal(frame));
        } finally {
            connections.answerQueued();
        }
    }

    /** The client gave up or the connection closed: no answer is sent. */
    void cancel() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        Listener current = listener;
        if (current != null) {
            current.onCancel();
        }
        ended(StatusCode.CANCELLED);
    }

    @Override
    public boolean isDone() {
        return done.get();
    }

    private void releaseBody() {
        body.release();
    }

    private void ended(StatusCode status) {
        if (bodyState.compareAndSet(BODY_HELD, BODY_RELEASED)) {
            releaseBody();
        }
        if (bodyBytesHeld > 0) {
            connection.budget().release(bodyBytesHeld);
        }
        connection.callEnded(this);
        Listener current = listener;
        if (current != null) {
            current.onClose(status);
        }
    }
}
