package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HandshakeMessagesTest {

    @Test
    void aRejectionTravelsWithItsCodeAndItsReason() {
        HandshakeMessages.Result result = readBack(HandshakeMessages.rejected(ByteBufAllocator.DEFAULT, 4096,
                HandshakeRejection.SHUTTING_DOWN, "server is shutting down"));
        assertThat(result).isEqualTo(new HandshakeMessages.Result(false, 4096, HandshakeRejection.SHUTTING_DOWN,
                "server is shutting down"));
    }

    @Test
    void anAcceptanceCarriesNoRejection() {
        HandshakeMessages.Result result = readBack(HandshakeMessages.accepted(ByteBufAllocator.DEFAULT, 2048));
        assertThat(result).isEqualTo(new HandshakeMessages.Result(true, 2048, HandshakeRejection.UNSPECIFIED, ""));
    }

    @Test
    void aServerFromBeforeTheCodesOrANewerCodeReadsAsUnspecified() {
        ByteBuf old = Unpooled.buffer().writeBoolean(false).writeInt(1024);
        Frames.writeShortString(old, "unauthorized: the handshake's auth token is wrong");
        assertThat(HandshakeMessages.readResult(old).rejection()).isEqualTo(HandshakeRejection.UNSPECIFIED);
        old.release();

        ByteBuf newer = Unpooled.buffer().writeBoolean(false).writeInt(1024);
        Frames.writeShortString(newer, "a reason from the future");
        newer.writeByte(200);
        assertThat(HandshakeMessages.readResult(newer).rejection()).isEqualTo(HandshakeRejection.UNSPECIFIED);
        newer.release();
    }

    /** Reads a sealed HANDSHAKE_RESULT frame as the client does after the frame decoder: past length and type. */
    private static HandshakeMessages.Result readBack(ByteBuf frame) {
        try {
            frame.skipBytes(4);
            assertThat(FrameType.fromCode(frame.readByte())).isEqualTo(FrameType.HANDSHAKE_RESULT);
            HandshakeMessages.Result result = HandshakeMessages.readResult(frame);
            assertThat(frame.isReadable()).as("bytes left after the result").isFalse();
            return result;
        } finally {
            frame.release();
        }
    }
}
