package io.seedrpc.it;

/**
 * The frame types of {@code docs/protocol.md}, written down again from the document rather than taken from the
 * transport: a raw-socket test speaks the documented contract, so a change of the transport's codes fails it.
 */
enum FrameType {
    // In the order of the document's table: codes 1 to 8.
    HANDSHAKE, HANDSHAKE_RESULT, REQUEST, RESPONSE, PING, PONG, GOAWAY, CANCEL;

    byte code() {
        return (byte) (ordinal() + 1);
    }

    /** The type of a frame byte, or {@code null} when the document names none. */
    static FrameType fromCode(byte code) {
        int index = (code & 0xFF) - 1;
        return index >= 0 && index < values().length ? values()[index] : null;
    }
}
