package io.seedrpc.registry.app.web;

import io.seedrpc.registry.api.LeaseBody;
import io.seedrpc.registry.api.RegistryLimits;
import io.seedrpc.registry.app.live.Registry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers heartbeats ({@code PUT /api/v1/instances/{id}/heartbeat}) without Spring MVC: the registry's most
 * frequent request (every provider, every 5 s) is a map update, and a profile of the registry under 1,000
 * heartbeats a second found Spring MVC's dispatch around it (handler lookup, argument resolution, content
 * negotiation of the answer, the request attributes and events) allocating more than half of the bytes a heartbeat
 * cost and taking about half of its CPU samples (docs/benchmarks.md, "Registry capacity").
 *
 * <p>The answer is the controller's: the same status, headers and JSON (the lease with the application's JSON
 * mapper, the same 404 error, {@link InstanceController#unknownInstance}); only the framing differs, a
 * {@code Content-Length} where Spring MVC, flushing its converter's stream, sends the body chunked. It runs after the bearer-token check, and inside the
 * request observation, whose {@code uri} tag it sets to the same pattern Spring MVC would: heartbeats stay in
 * {@code http.server.requests} as before. Anything it is not sure of goes on to Spring MVC unchanged: another
 * method or path, an id with characters a registered id cannot have (percent-encoded, path parameters), or an
 * {@code Accept} header other than none, {@code application/json} or {@code *}{@code /*} (Spring MVC negotiates
 * those).
 */
final class HeartbeatFilter implements Filter {

    /** The controller's mapping, for the request observation's {@code uri} tag. */
    static final String PATH_PATTERN = "/api/v1/instances/{id}/heartbeat";
    private static final String PREFIX = "/api/v1/instances/";
    private static final String SUFFIX = "/heartbeat";

    private final Registry registry;
    private final ObjectWriter leaseWriter;
    private final ObjectWriter errorWriter;
    private final long ttlMs;

    HeartbeatFilter(Registry registry, JsonMapper json) {
        this.registry = registry;
        this.leaseWriter = json.writerFor(LeaseBody.class);
        this.errorWriter = json.writerFor(ApiError.class);
        this.ttlMs = registry.ttl().toMillis();
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        String id = heartbeatId(request);
        if (id == null) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context -> context.setPathPattern(PATH_PATTERN));
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if (registry.heartbeat(id)) {
            write(response, HttpServletResponse.SC_OK, leaseWriter.writeValueAsBytes(new LeaseBody(id, ttlMs)));
        } else {
            ResponseEntity<ApiError> unknown = InstanceController.unknownInstance(id);
            write(response, unknown.getStatusCode().value(), errorWriter.writeValueAsBytes(unknown.getBody()));
        }
    }

    /** The id of a heartbeat this filter answers itself; {@code null} for anything to leave to Spring MVC. */
    static String heartbeatId(HttpServletRequest request) {
        if (!"PUT".equals(request.getMethod()) || !acceptsJson(request.getHeader(HttpHeaders.ACCEPT))) {
            return null;
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        int start = context.length() + PREFIX.length();
        int end = uri.length() - SUFFIX.length();
        if (end <= start || end - start > RegistryLimits.MAX_ID_LENGTH || !uri.startsWith(context)
                || !uri.startsWith(PREFIX, context.length()) || !uri.endsWith(SUFFIX)) {
            return null;
        }
        for (int i = start; i < end; i++) {
            if (!idCharacter(uri.charAt(i))) {
                return null;
            }
        }
        String id = uri.substring(start, end);
        // "." and ".." are path steps, which the servlet container and Spring MVC may resolve.
        return id.equals(".") || id.equals("..") ? null : id;
    }

    /** The characters a registered id may have ({@link RegistryLimits#ID_CHARACTERS}): none needs decoding. */
    private static boolean idCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
    }

    private static boolean acceptsJson(String accept) {
        return accept == null || accept.equals(MediaType.APPLICATION_JSON_VALUE) || accept.equals(MediaType.ALL_VALUE);
    }

    private static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
