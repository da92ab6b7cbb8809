package io.seedrpc;

/**
 * Why a call did not return a value. Each code has a stable one-byte wire value; codes that only arise on the
 * calling side (the connection failed, no provider was found) never travel.
 */
public enum StatusCode {
    /** The call completed and carries a result. */
    OK(0, false),
    /** The service method threw; the remote exception class and message are attached. */
    APPLICATION_ERROR(1, false),
    /** The call outlived its deadline, on either side. */
    TIMEOUT(2, false),
    /** The server exposes no service under the requested key. The call was not executed. */
    UNKNOWN_SERVICE(3, true),
    /** The service has no method with the requested key. The call was not executed. */
    UNKNOWN_METHOD(4, true),
    /** The request could not be decoded or did not fit the method. The call was not executed. */
    BAD_REQUEST(5, true),
    /** Every worker thread and queue slot was taken. The call was not executed. */
    SERVER_BUSY(6, true),
    /** The handshake's auth token was missing or wrong. */
    UNAUTHORIZED(7, true),
    /** The server is shutting down and accepts no new calls. The call was not executed. */
    UNAVAILABLE(8, true),
    /** The server failed outside the service method, e.g. while encoding the result. */
    INTERNAL(9, false),
    /** A body could not be encoded or decoded on this side. */
    CODEC_ERROR(10, false),
    /** The connection could not be made, was rejected in the handshake, or dropped while the call was pending. */
    CONNECTION_ERROR(11, false),
    /** The caller cancelled the call. */
    CANCELLED(12, false),
    /** Discovery knows no live instance of the service. The call was not executed. */
    NO_PROVIDER(13, true);

    private static final StatusCode[] BY_WIRE_VALUE = new StatusCode[256];

    static {
        for (StatusCode code : values()) {
            BY_WIRE_VALUE[code.wireValue] = code;
        }
    }

    private final int wireValue;
    private final boolean notExecuted;

    StatusCode(int wireValue, boolean notExecuted) {
        this.wireValue = wireValue;
        this.notExecuted = notExecuted;
    }

    /** The byte that stands for this code in a response frame. */
    public byte wireValue() {
        return (byte) wireValue;
    }

    /**
     * Whether a call that failed with this code is known not to have run on the server, so that retrying it
     * elsewhere cannot repeat its effects.
     */
    public boolean provesNotExecuted() {
        return notExecuted;
    }

    /**
     * The code a response frame carries.
     *
     * @throws IllegalArgumentException for a byte no code stands for
     */
    public static StatusCode fromWireValue(byte value) {
        StatusCode code = BY_WIRE_VALUE[value & 0xFF];
        if (code == null) {
            throw new IllegalArgumentException("unknown status code " + (value & 0xFF));
        }
        return code;
    }
}
