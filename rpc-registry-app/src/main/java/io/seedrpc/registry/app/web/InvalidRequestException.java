package io.seedrpc.registry.app.web;

/** A request the registry refuses with {@code 400}; {@link #field()} names what the client should fix. */
final class InvalidRequestException extends RuntimeException {

    private final String field;

    InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The JSON field, query parameter or {@code "body"} that was wrong. */
    String field() {
        return field;
    }
}
