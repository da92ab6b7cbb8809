package io.seedrpc.registry.app.web;

import io.seedrpc.registry.app.live.Registry;
import io.seedrpc.registry.app.store.ServiceCount;
import io.seedrpc.registry.app.store.Snapshot;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** {@code /api/v1/services}: consumers find live instances here. */
@RestController
@RequestMapping("/api/v1/services")
final class ServiceController {

    private final Registry registry;
    private final Listings listings;

    ServiceController(Registry registry, Listings listings) {
        this.registry = registry;
        this.listings = listings;
    }

    /** Every service that has live instances, with their count, sorted by name. */
    @GetMapping
    ServicesBody services() {
        return new ServicesBody(registry.services());
    }

    /** The live instances of one service; with {@code index} (and {@code wait}) a blocking query. */
    @GetMapping("/{service}/instances")
    DeferredResult<Snapshot> instances(@PathVariable String service,
                                       @RequestParam(required = false) String index,
                                       @RequestParam(required = false) String wait) {
        return listings.answer(service, index, wait);
    }

    /**
     * The answer listing services.
     *
     * @param services every service with live instances, sorted by name
     */
    record ServicesBody(List<ServiceCount> services) {
    }
}
