package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;

/** The payloads of HANDSHAKE and HANDSHAKE_RESULT frames. */
final class HandshakeMessages {

    private HandshakeMessages() {
    }

    /** What a client asks for. */
    record Hello(byte codecId, int maxFrameSize, String authToken) {
    }

    /** What the server answers. */
    record Result(boolean accepted, int maxFrameSize, String reason) {
    }

    static void writeHello(ByteBuf buf, byte codecId, int maxFrameSize, String authToken) {
        buf.writeByte(codecId);
        buf.writeInt(maxFrameSize);
        Frames.writeShortString(buf, authToken);
    }

    static Hello readHello(ByteBuf buf) {
        return new Hello(buf.readByte(), buf.readInt(), Frames.readShortString(buf));
    }

    static void writeResult(ByteBuf buf, boolean accepted, int maxFrameSize, String reason) {
        buf.writeBoolean(accepted);
        buf.writeInt(maxFrameSize);
        Frames.writeMessage(buf, reason);
    }

    static Result readResult(ByteBuf buf) {
        return new Result(buf.readBoolean(), buf.readInt(), Frames.readShortString(buf));
    }
}
