package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The auth check of every HTTP endpoint on the RPC port: with a server token configured, a request needs
 * {@code Authorization: Bearer <token>}; without it the answer is {@link #unauthorized()}, which names no
 * service, path or reason beyond the missing credential. Immutable and thread-safe; one per server.
 */
final class HttpBearerAuth {

    private static final String PREFIX = "Bearer ";

    /** SHA-256 of the token, {@code null} when the server has none and every request is let through. */
    private final byte[] expectedDigest;

    HttpBearerAuth(String token) {
        this.expectedDigest = token == null ? null : sha256(token);
    }

    /** Whether {@code request} may be served: no token configured, or the right one presented. */
    boolean permits(HttpRequest request) {
        if (expectedDigest == null) {
            return true;
        }
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        // Digests have one length whatever was sent: the comparison's time tells nothing about the token.
        return MessageDigest.isEqual(expectedDigest, sha256(header.substring(PREFIX.length()).trim()));
    }

    /** A {@code 401} asking for a bearer token; the caller closes the connection after it. */
    static FullHttpResponse unauthorized() {
        ByteBuf body = Unpooled.copiedBuffer("unauthorized\n", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.UNAUTHORIZED, body);
        response.headers()
                .set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"seedrpc\"")
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
