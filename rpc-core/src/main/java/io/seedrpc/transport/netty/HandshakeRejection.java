package io.seedrpc.transport.netty;

/**
 * Why a server refused a connection: the {@code rejection} byte a HANDSHAKE_RESULT carries after its reason (see
 * {@code docs/protocol.md}). A client decides on this code, never on the reason's words, which are for people.
 */
enum HandshakeRejection {
    /** Not rejected, or rejected by a server from before the codes (its frame ends after the reason). */
    UNSPECIFIED(0),
    /** The auth token is missing or wrong. */
    UNAUTHORIZED(1),
    /** The server does not speak the codec the client asked for. */
    UNSUPPORTED_CODEC(2),
    /** The server is shutting down and takes no new connections. */
    SHUTTING_DOWN(3),
    /** The preface named a protocol version the server does not speak. */
    UNSUPPORTED_VERSION(4),
    /** The server expects TLS on this port and the client spoke plaintext. */
    TLS_REQUIRED(5),
    /** The client began a TLS handshake on a port without TLS. */
    TLS_NOT_OFFERED(6);

    private final int code;

    HandshakeRejection(int code) {
        this.code = code;
    }

    /** The byte that stands for this rejection on the wire. */
    int code() {
        return code;
    }

    /** The rejection a byte stands for; {@link #UNSPECIFIED} for a code this side does not know (a newer peer's). */
    static HandshakeRejection fromCode(int code) {
        for (HandshakeRejection rejection : values()) {
            if (rejection.code == code) {
                return rejection;
            }
        }
        return UNSPECIFIED;
    }
}
