package io.seedrpc.registry.app.web;

/** The request lacks the bearer token the registry is configured with; answered with {@code 401}. */
final class UnauthorizedException extends RuntimeException {

    UnauthorizedException(String message) {
        super(message);
    }
}
