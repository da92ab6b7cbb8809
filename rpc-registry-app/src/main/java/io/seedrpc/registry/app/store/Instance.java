package io.seedrpc.registry.app.store;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A registered instance and when it was last heard from. This is also its JSON form in listings.
 *
 * @param id              the id it is kept under
 * @param host            the address clients connect to
 * @param port            the port clients connect to
 * @param services        the services offered
 * @param weight          relative share of traffic
 * @param metadata        free-form labels, sorted by key
 * @param lastHeartbeatMs the registry's clock, in epoch milliseconds, at the last registration or heartbeat
 */
public record Instance(String id, String host, int port, List<String> services, int weight,
                       Map<String, String> metadata, long lastHeartbeatMs) {

    public Instance {
        services = List.copyOf(services);
        metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    static Instance of(Registration registration, long nowMs) {
        return new Instance(registration.id(), registration.host(), registration.port(), registration.services(),
                registration.weight(), registration.metadata(), nowMs);
    }

    Instance heardFrom(long nowMs) {
        return new Instance(id, host, port, services, weight, metadata, nowMs);
    }

    /** Whether the registration describes this instance exactly, apart from when it was heard from. */
    boolean sameAs(Registration registration) {
        return host.equals(registration.host()) && port == registration.port()
                && services.equals(registration.services()) && weight == registration.weight()
                && metadata.equals(registration.metadata());
    }
}
