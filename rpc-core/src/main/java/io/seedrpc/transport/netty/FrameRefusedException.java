package io.seedrpc.transport.netty;

import io.netty.handler.codec.DecoderException;

/**
 * A well-formed frame the server will not take now (its memory budget is spent). The connection is answered,
 * for a request, with {@code SERVER_BUSY} naming the reason, and then closed.
 */
final class FrameRefusedException extends DecoderException {

    private final long requestId;

    /** @param requestId the refused request's id, or -1 when the frame was not a request */
    FrameRefusedException(long requestId, String message) {
        super(message);
        this.requestId = requestId;
    }

    long requestId() {
        return requestId;
    }
}
