package io.seedrpc.codec;

/** A body could not be encoded or decoded. The message says what was wrong with it. */
public class CodecException extends RuntimeException {

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
