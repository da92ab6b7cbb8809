package io.seedrpc.transport.netty;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The HTTP form of the server's auth token: {@code Authorization: Bearer <token>}, compared in constant time. */
final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private final String token;

    /** @param token the token required, {@code null} when none is */
    BearerToken(String token) {
        this.token = token;
    }

    /** Why the request may not go on, or {@code null} when it may. */
    String rejection(HttpHeaders headers) {
        if (token == null) {
            return null;
        }
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null) {
            return "this server requires an auth token: send the header 'Authorization: Bearer <token>'";
        }
        if (!authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return "the Authorization header must use the Bearer scheme: 'Authorization: Bearer <token>'";
        }
        byte[] presented = authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented) ? null
                : "the bearer token is wrong";
    }
}
