package io.seedrpc.registry.app.web;

import io.seedrpc.registry.api.InstancesSnapshot;
import io.seedrpc.registry.api.LeaseBody;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.registry.app.RegistryProperties;
import io.seedrpc.registry.app.live.Registry;
import io.seedrpc.registry.app.store.RegisterOutcome;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** {@code /api/v1/instances}: providers register, heartbeat and deregister here. */
@RestController
@RequestMapping("/api/v1/instances")
final class InstanceController {

    private final Registry registry;
    private final Listings listings;
    private final RegistrationParser parser;
    private final int maxBodyBytes;

    InstanceController(Registry registry, Listings listings, RegistryProperties properties) {
        this.registry = registry;
        this.listings = listings;
        this.parser = new RegistrationParser(properties.limits());
        this.maxBodyBytes = (int) properties.limits().maxBodySize().toBytes();
    }

    /** Registers or refreshes: {@code 201} when the id was new, {@code 200} when it was known. */
    @PostMapping
    ResponseEntity<LeaseBody> register(HttpServletRequest request) throws IOException {
        RegistryInstance registration = parser.parse(readBody(request));
        RegisterOutcome outcome = registry.register(registration);
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(lease(registration.id()));
    }

    /** Renews a lease: {@code 200}, or {@code 404} when the id is unknown and the instance must register again. */
    @PutMapping("/{id}/heartbeat")
    ResponseEntity<?> heartbeat(@PathVariable String id) {
        if (!registry.heartbeat(id)) {
            return unknownInstance(id);
        }
        return ResponseEntity.ok(lease(id));
    }

    /**
     * The answer to a heartbeat for an id the registry does not know; {@link HeartbeatFilter} answers most
     * heartbeats itself, with the same answer.
     */
    static ResponseEntity<ApiError> unknownInstance(String id) {
        return ApiExceptionHandler.error(HttpStatus.NOT_FOUND, "id",
                "no instance is registered as '" + id + "' (evicted, or the registry restarted); register again");
    }

    /** Removes an instance: {@code 204}, whether or not the registry knew it, so that retries are harmless. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> deregister(@PathVariable String id) {
        registry.deregister(id);
        return ResponseEntity.noContent().build();
    }

    /** Every instance with the registry-wide index, for the dashboard; a blocking query with {@code index}. */
    @GetMapping
    DeferredResult<InstancesSnapshot> all(@RequestParam(required = false) String index,
                                 @RequestParam(required = false) String wait) {
        return listings.answer(null, index, wait);
    }

    private LeaseBody lease(String id) {
        return new LeaseBody(id, registry.ttl().toMillis());
    }

    /** Reads at most the size limit, whatever Content-Length claims, so a huge body costs no memory. */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        String tooLarge = "the body is larger than the limit of " + maxBodyBytes + " bytes";
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw new InvalidRequestException("body", tooLarge);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                throw new InvalidRequestException("body", tooLarge);
            }
            return body;
        }
    }
}
