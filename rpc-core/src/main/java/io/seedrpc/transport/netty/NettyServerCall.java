package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.seedrpc.Metadata;
import io.seedrpc.StatusCode;

import java.io.IOException;
import java.lang.reflect.Type;

/**
 * One call received as a REQUEST frame on an {@link RpcConnection}: decodes its arguments with the connection's
 * codec and answers with a RESPONSE frame on the connection's outbound queue.
 */
final class NettyServerCall extends AbstractServerCall {

    private final RpcConnection connection;
    private final Metadata metadata;
    /**
     * Bytes of the body counted in the server's memory budget until the call ends, whether or not the body was
     * decoded yet: its decoded arguments and its work take memory too, and the answer takes over the count. Only
     * large bodies are counted.
     */
    private final int bodyBytesHeld;

    NettyServerCall(RpcConnection connection, long requestId, String serviceKey, String methodKey, int timeoutMillis,
                    long arrivedNanos, Metadata metadata, ByteBuf body) {
        super(requestId, serviceKey, methodKey, timeoutMillis, arrivedNanos, body);
        this.connection = connection;
        this.metadata = metadata;
        this.bodyBytesHeld = body.readableBytes() >= FrameDecoder.LARGE_FRAME_BYTES ? body.readableBytes() : 0;
        if (bodyBytesHeld > 0) {
            connection.budget().reserve(bodyBytesHeld);
        }
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
    Object[] decode(ByteBuf body, Type[] parameterTypes) throws IOException {
        FrameInputStream in = connection.streams().readingFrom(body);
        try {
            return connection.codec().readArguments(in, parameterTypes);
        } finally {
            in.detach();
        }
    }

    @Override
    ByteBuf encodeValue(Object value, Type resultType) throws IOException {
        ByteBuf frame = Frames.begin(connection.channel().alloc(), FrameType.RESPONSE, 64);
        try {
            frame.writeLong(requestId());
            frame.writeByte(StatusCode.OK.wireValue());
            FrameOutputStream out = connection.streams().writingTo(frame);
            try {
                connection.codec().writeValue(out, value, resultType);
            } finally {
                out.detach();
            }
        } catch (IOException | RuntimeException | Error e) {
            frame.release();
            throw e;
        }
        int length = Frames.lengthOf(frame);
        if (length > connection.clientMaxFrameSize()) {
            frame.release();
            throw new UnsendableAnswer("the result is " + length + " bytes, over the client's frame limit of "
                    + connection.clientMaxFrameSize() + " bytes");
        }
        return frame;
    }

    @Override
    ByteBuf encodeError(StatusCode status, String errorClass, String message) {
        ByteBuf frame = Frames.begin(connection.channel().alloc(), FrameType.RESPONSE, 128);
        try {
            frame.writeLong(requestId());
            frame.writeByte(status.wireValue());
            Frames.writeShortString(frame, errorClass);
            Frames.writeMessage(frame, message);
            return frame;
        } catch (RuntimeException | Error e) {
            frame.release();
            throw e;
        }
    }

    /**
     * A server draining its calls sees this one end just before its answer is queued; the transport's close waits
     * for answers caught in between ({@link ServerConnections#awaitAnswersQueued}).
     */
    @Override
    void endAndSend(StatusCode status, String errorClass, ByteBuf frame) {
        ServerConnections connections = connection.connections();
        connections.answerLeaving();
        try {
            ended(status);
            connection.out().enqueue(Frames.seal(frame));
        } finally {
            connections.answerQueued();
        }
    }

    @Override
    void closeConnection() {
        connection.channel().close();
    }

    @Override
    String timeoutMessage() {
        return describe() + " did not finish within its deadline of " + timeoutMillis() + " ms on the server";
    }

    @Override
    void released() {
        if (bodyBytesHeld > 0) {
            connection.budget().release(bodyBytesHeld);
        }
        connection.calls().remove(requestId(), this);
    }
}
