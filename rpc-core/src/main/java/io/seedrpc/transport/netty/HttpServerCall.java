package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.CodecException;
import io.seedrpc.codec.JsonCodec;
import io.seedrpc.protocol.MethodDescriptor;
import io.seedrpc.transport.ServerCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call that arrived as {@code POST /rpc/<service>/<method>}: the same {@link ServerCall} the dispatcher runs
 * for a binary request, with a JSON body (an array of the arguments, or an object keyed by parameter name) and a
 * JSON answer. The first of answer, timeout answer and cancellation wins; the body is released exactly once.
 */
final class HttpServerCall implements ServerCall {

    private static final Logger log = LoggerFactory.getLogger(HttpServerCall.class);

    private static final int BODY_HELD = 0;
    private static final int BODY_READING = 1;
    private static final int BODY_RELEASED = 2;

    /** Sends the answer of a call, on the connection's event loop. */
    interface Responder {
        /** @param json the answer's body, owned by the responder from now on */
        void answer(HttpServerCall call, HttpResponseStatus status, StatusCode code, ByteBuf json);
    }

    private final Responder responder;
    private final ByteBufAllocator alloc;
    private final JsonCodec json;
    private final long requestId;
    private final String serviceKey;
    private final MethodDescriptor method;
    private final int timeoutMillis;
    private final String remote;
    private final ByteBuf body;
    private final AtomicInteger bodyState = new AtomicInteger(BODY_HELD);
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Listener listener;

    HttpServerCall(Responder responder, ByteBufAllocator alloc, JsonCodec json, long requestId, HttpRoute route,
                   int timeoutMillis, String remote, ByteBuf body) {
        this.responder = responder;
        this.alloc = alloc;
        this.json = json;
        this.requestId = requestId;
        this.serviceKey = route.serviceKey();
        this.method = route.method();
        this.timeoutMillis = timeoutMillis;
        this.remote = remote;
        this.body = body;
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
        return method.key();
    }

    @Override
    public int timeoutMillis() {
        return timeoutMillis;
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public Object[] readArguments(Type[] parameterTypes) {
        if (!bodyState.compareAndSet(BODY_HELD, BODY_READING)) {
            throw new IllegalStateException("HTTP call " + requestId + " was already answered or cancelled");
        }
        try (ByteBufInputStream in = new ByteBufInputStream(body)) {
            int first = firstSignificantByte(body);
            if (first < 0) {
                if (parameterTypes.length == 0) {
                    return new Object[0];
                }
                throw new CodecException("the body is empty; send the " + parameterTypes.length
                        + " arguments as a JSON array, or as an object keyed by parameter name");
            }
            if (first == '{') {
                return json.readNamedArguments(in, parameterTypes, parameterNames());
            }
            if (first != '[') {
                throw new CodecException("the body is neither a JSON array of the arguments nor an object keyed by"
                        + " parameter name");
            }
            return json.readArguments(in, parameterTypes);
        } catch (IOException e) {
            throw new CodecException("cannot read the body: " + e.getMessage(), e);
        } finally {
            bodyState.set(BODY_RELEASED);
            body.release();
        }
    }

    private String[] parameterNames() {
        Parameter[] parameters = method.method().getParameters();
        String[] names = new String[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            if (!parameters[i].isNamePresent()) {
                throw new CodecException("the parameter names of " + method.describe(serviceKey) + " are unknown"
                        + " (its interface was compiled without -parameters); send the arguments as a JSON array");
            }
            names[i] = parameters[i].getName();
        }
        return names;
    }

    private static int firstSignificantByte(ByteBuf body) {
        for (int i = body.readerIndex(); i < body.writerIndex(); i++) {
            byte b = body.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b;
            }
        }
        return -1;
    }

    @Override
    public boolean sendValue(Object value, Type resultType) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        ByteBuf answer = alloc.buffer(64);
        try (ByteBufOutputStream out = new ByteBufOutputStream(answer)) {
            json.writeValue(out, value, resultType);
        } catch (IOException | RuntimeException e) {
            answer.release();
            log.warn("Cannot encode the result of {} for {}", method.describe(serviceKey), remote, e);
            String reason = e instanceof UncheckedIOException ? e.getCause().toString() : e.toString();
            return finish(StatusCode.INTERNAL, e.getClass().getName(), "cannot encode the result: " + reason);
        }
        // As on the binary path: listeners (stats, drain accounting) hear of the call before its answer leaves.
        ended(StatusCode.OK);
        responder.answer(this, HttpResponseStatus.OK, StatusCode.OK, answer);
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
        ByteBuf answer = errorBody(alloc, json, status, message, errorClass);
        ended(status);
        responder.answer(this, HttpStatuses.of(status, errorClass, method.method()), status, answer);
        return true;
    }

    /** The deadline from {@code Rpc-Timeout} passed: answers 504 and tells the listener to stop the work. */
    void expire() {
        if (sendError(StatusCode.TIMEOUT, null, method.describe(serviceKey) + " did not finish within its "
                + RpcTimeoutHeader.NAME + " of " + timeoutMillis + " ms")) {
            Listener current = listener;
            if (current != null) {
                current.onCancel();
            }
        }
    }

    /** The connection closed: no answer is sent. */
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

    private void ended(StatusCode status) {
        if (bodyState.compareAndSet(BODY_HELD, BODY_RELEASED)) {
            body.release();
        }
        Listener current = listener;
        if (current != null) {
            current.onClose(status);
        }
    }

    /** {@code {"status": "<StatusCode name>", "message": "...", "remoteClass": "..."}}. */
    static ByteBuf errorBody(ByteBufAllocator alloc, JsonCodec json, StatusCode status, String message,
                             String remoteClass) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("status", status.name());
        error.put("message", message);
        error.put("remoteClass", remoteClass);
        ByteBuf buf = alloc.buffer(128);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            json.writeValue(out, error, Map.class);
        } catch (IOException e) {
            buf.release();
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return buf;
    }
}
