package io.seedrpc.registry.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets an API request through only with {@code Authorization: Bearer <token>}: every write, and reads too when
 * reads are protected. It runs before any routing, so that a request without the token learns nothing about
 * which paths or methods exist: every {@code /api/**} path, mapped or not, answers {@code 401} with the API's
 * JSON error.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final byte[] expectedDigest;
    private final boolean protectReads;

    BearerTokenFilter(String token, boolean protectReads) {
        this.expectedDigest = sha256(token);
        this.protectReads = protectReads;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (read && !protectReads) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            refuse(response, "this registry needs 'Authorization: Bearer <token>' for " + (read ? "reads" : "writes"));
            return;
        }
        // Compare digests, which always have the same length: neither content nor length of the token leaks
        // through the time a comparison takes.
        if (!MessageDigest.isEqual(expectedDigest, sha256(header.substring(PREFIX.length()).trim()))) {
            refuse(response, "the bearer token is not the one this registry is configured with");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, String message) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"rpc-registry\"");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // The messages are fixed texts without quotes or backslashes: no JSON escaping is needed.
        response.getWriter().write("{\"status\":401,\"error\":\"Unauthorized\",\"message\":\"" + message + "\"}");
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
