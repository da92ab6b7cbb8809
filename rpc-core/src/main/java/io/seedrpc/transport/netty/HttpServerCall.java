package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.CodecException;
import io.seedrpc.codec.JsonCodec;
import io.seedrpc.protocol.MethodDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One call that arrived as {@code POST /rpc/<service>/<method>}: the same {@link io.seedrpc.transport.ServerCall}
 * the dispatcher runs for a binary request, with a JSON body (an array of the arguments, or an object keyed by
 * parameter name) and a JSON answer.
 */
final class HttpServerCall extends AbstractServerCall {

    /** Sends the answer of a call, on the connection's event loop. */
    interface Responder {
        /** @param json the answer's body, owned by the responder from now on */
        void answer(HttpServerCall call, HttpResponseStatus status, StatusCode code, ByteBuf json);
    }

    private final Responder responder;
    private final Channel channel;
    private final JsonCodec json;
    private final MethodDescriptor method;
    private final String remote;

    HttpServerCall(Responder responder, Channel channel, JsonCodec json, long requestId, HttpRoute route,
                   int timeoutMillis, long arrivedNanos, String remote, ByteBuf body) {
        super(requestId, route.serviceKey(), route.method().key(), timeoutMillis, arrivedNanos, body);
        this.responder = responder;
        this.channel = channel;
        this.json = json;
        this.method = route.method();
        this.remote = remote;
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    Object[] decode(ByteBuf body, Type[] parameterTypes) throws IOException {
        int first = firstSignificantByte(body);
        if (first < 0) {
            if (parameterTypes.length == 0) {
                return new Object[0];
            }
            throw new CodecException("the body is empty; send the " + parameterTypes.length
                    + " arguments as a JSON array, or as an object keyed by parameter name");
        }
        if (first != '{' && first != '[') {
            throw new CodecException("the body is neither a JSON array of the arguments nor an object keyed by"
                    + " parameter name");
        }
        try (ByteBufInputStream in = new ByteBufInputStream(body)) {
            return first == '{' ? json.readNamedArguments(in, parameterTypes, parameterNames())
                    : json.readArguments(in, parameterTypes);
        }
    }

    private String[] parameterNames() {
        Parameter[] parameters = method.method().getParameters();
        String[] names = new String[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            if (!parameters[i].isNamePresent()) {
                throw new CodecException("the parameter names of " + describe() + " are unknown"
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
    ByteBuf encodeValue(Object value, Type resultType) throws IOException {
        ByteBuf answer = channel.alloc().buffer(64);
        try (ByteBufOutputStream out = new ByteBufOutputStream(answer)) {
            json.writeValue(out, value, resultType);
        } catch (IOException | RuntimeException | Error e) {
            answer.release();
            throw e;
        }
        return answer;
    }

    @Override
    ByteBuf encodeError(StatusCode status, String errorClass, String message) {
        return errorBody(channel.alloc(), json, status, message, errorClass);
    }

    @Override
    void endAndSend(StatusCode status, String errorClass, ByteBuf answer) {
        ended(status);
        responder.answer(this, HttpStatuses.of(status, errorClass, method.method()), status, answer);
    }

    @Override
    void closeConnection() {
        channel.close();
    }

    @Override
    String timeoutMessage() {
        return describe() + " did not finish within its " + RpcTimeoutHeader.NAME + " of " + timeoutMillis() + " ms";
    }

    @Override
    String describe() {
        return method.describe(serviceKey());
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
