package io.seedrpc.registry.app.web;

import io.seedrpc.registry.api.InstancesSnapshot;
import io.seedrpc.registry.api.ServiceList;
import io.seedrpc.registry.app.live.Registry;
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
    ServiceList services() {
        return new ServiceList(registry.services());
    }

    /** The live instances of one service; with {@code index} (and {@code wait}) a blocking query. */
    @GetMapping("/{service}/instances")
    DeferredResult<InstancesSnapshot> instances(@PathVariable String service,
                                       @RequestParam(required = false) String index,
                                       @RequestParam(required = false) String wait) {
        return listings.answer(service, index, wait);
    }
}
