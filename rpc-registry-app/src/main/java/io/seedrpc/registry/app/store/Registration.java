package io.seedrpc.registry.app.store;

import java.util.List;
import java.util.Map;

/**
 * An instance as a provider registered it, already checked against the registry's limits.
 *
 * @param id       the id it is kept under (given by the provider or derived from host and port)
 * @param host     the address clients connect to
 * @param port     the port clients connect to
 * @param services the services offered, in the order given, without duplicates
 * @param weight   relative share of traffic
 * @param metadata free-form labels, sorted by key
 */
public record Registration(String id, String host, int port, List<String> services, int weight,
                           Map<String, String> metadata) {

    public Registration {
        services = List.copyOf(services);
        metadata = Map.copyOf(metadata);
    }
}
