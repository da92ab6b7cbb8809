package io.seedrpc.it;

/**
 * The frame types of {@code docs/protocol.md}, written down again from the document rather than taken from the
 * transport: a raw-socket test speaks the documented contract, so a change of the transport's codes fails it.
 */
enum FrameType {
    HANDSHAKE(1), HANDSHAKE_RESULT(2), REQUEST(3), RESPONSE(4), PING(5), PONG(6), GOAWAY(7), CANCEL(8);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    byte code() {
        return (byte) code;
    }

    /** The type of a frame byte, or {@code null} when the document names none. */
    static FrameType fromCode(byte code) {
        for (FrameType type : values()) {
            if (type.code == (code & 0xFF)) {
                return type;
            }
        }
        return null;
    }
}
