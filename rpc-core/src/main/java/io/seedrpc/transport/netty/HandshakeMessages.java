package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** The payloads of HANDSHAKE and HANDSHAKE_RESULT frames. See {@code docs/protocol.md}. */
final class HandshakeMessages {

    private HandshakeMessages() {
    }

    /** What a client asks for. */
    record Hello(byte codecId, int maxFrameSize, String authToken) {
    }

    /**
     * What the server answers.
     *
     * @param rejection why it refused; {@link HandshakeRejection#UNSPECIFIED} when accepted
     * @param reason    the same for people: a sentence naming what was wrong and what to do
     */
    record Result(boolean accepted, int maxFrameSize, HandshakeRejection rejection, String reason) {
    }

    static void writeHello(ByteBuf buf, byte codecId, int maxFrameSize, String authToken) {
        buf.writeByte(codecId);
        buf.writeInt(maxFrameSize);
        Frames.writeShortString(buf, authToken);
    }

    static Hello readHello(ByteBuf buf) {
        return new Hello(buf.readByte(), buf.readInt(), Frames.readShortString(buf));
    }

    /** A sealed HANDSHAKE_RESULT accepting the connection. */
    static ByteBuf accepted(ByteBufAllocator alloc, int maxFrameSize) {
        return result(alloc, true, maxFrameSize, HandshakeRejection.UNSPECIFIED, "");
    }

    /**
     * A sealed HANDSHAKE_RESULT refusing the connection. Its first three fields are all a client of protocol version
     * 1 or 2 from before the codes reads (the frame's length tells it where the frame ends), so it still fails with
     * the reason; the code follows for clients that know it.
     */
    static ByteBuf rejected(ByteBufAllocator alloc, int maxFrameSize, HandshakeRejection rejection, String reason) {
        return result(alloc, false, maxFrameSize, rejection, reason);
    }

    private static ByteBuf result(ByteBufAllocator alloc, boolean accepted, int maxFrameSize,
                                  HandshakeRejection rejection, String reason) {
        ByteBuf buf = Frames.begin(alloc, FrameType.HANDSHAKE_RESULT, 16 + reason.length());
        buf.writeBoolean(accepted);
        buf.writeInt(maxFrameSize);
        Frames.writeMessage(buf, reason);
        buf.writeByte(rejection.code());
        return Frames.seal(buf);
    }

    /** Reads a HANDSHAKE_RESULT; a frame that ends after the reason (an older server's) has no code. */
    static Result readResult(ByteBuf buf) {
        boolean accepted = buf.readBoolean();
        int maxFrameSize = buf.readInt();
        String reason = Frames.readShortString(buf);
        HandshakeRejection rejection = buf.isReadable() ? HandshakeRejection.fromCode(buf.readUnsignedByte())
                : HandshakeRejection.UNSPECIFIED;
        return new Result(accepted, maxFrameSize, rejection, reason);
    }
}
