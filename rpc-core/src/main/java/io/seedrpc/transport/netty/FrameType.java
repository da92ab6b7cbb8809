package io.seedrpc.transport.netty;

/**
 * The kind of a frame, carried in the byte that follows its length prefix. The codes are the contract, written in
 * {@code docs/protocol.md}; this enum is the transport's own name for them.
 */
enum FrameType {
    /** Client → server, first frame of a connection: codec id and optional auth token. */
    HANDSHAKE(1),
    /** Server → client: the handshake was accepted, or rejected with a reason. */
    HANDSHAKE_RESULT(2),
    /** Client → server: one call. */
    REQUEST(3),
    /** Server → client: the outcome of one call. */
    RESPONSE(4),
    /** Either side: are you there? Answered with {@link #PONG}. */
    PING(5),
    /** Either side: the answer to {@link #PING}, echoing its payload. */
    PONG(6),
    /** Server → client: the server is draining; send no new calls on this connection. */
    GOAWAY(7),
    /** Client → server: the caller gave up on a call; stop working on it. */
    CANCEL(8);

    private static final FrameType[] BY_CODE = new FrameType[256];

    static {
        for (FrameType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The byte that stands for this type on the wire. */
    byte code() {
        return (byte) code;
    }

    /** The type a frame byte stands for, or {@code null} when none does. */
    static FrameType fromCode(byte code) {
        return BY_CODE[code & 0xFF];
    }
}
