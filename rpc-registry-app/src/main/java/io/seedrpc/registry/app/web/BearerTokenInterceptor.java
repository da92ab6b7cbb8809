package io.seedrpc.registry.app.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets an API request through only with {@code Authorization: Bearer <token>}: every write, and reads too when
 * reads are protected. Refusals become {@code 401} through {@link ApiExceptionHandler}.
 */
final class BearerTokenInterceptor implements HandlerInterceptor {

    private static final String PREFIX = "Bearer ";

    private final byte[] expectedDigest;
    private final boolean protectReads;

    BearerTokenInterceptor(String token, boolean protectReads) {
        this.expectedDigest = sha256(token);
        this.protectReads = protectReads;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (read && !protectReads) {
            return true;
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new UnauthorizedException("this registry needs 'Authorization: Bearer <token>' for "
                    + (read ? "reads" : "writes"));
        }
        // Compare digests, which always have the same length: neither content nor length of the token leaks
        // through the time a comparison takes.
        if (!MessageDigest.isEqual(expectedDigest, sha256(header.substring(PREFIX.length()).trim()))) {
            throw new UnauthorizedException("the bearer token is not the one this registry is configured with");
        }
        return true;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
