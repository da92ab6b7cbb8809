package io.seedrpc.registry.api;

import java.util.List;

/**
 * The JSON body of {@code GET /api/v1/services}.
 *
 * @param services every service with live instances, sorted by name; never {@code null}
 */
public record ServiceList(List<ServiceCount> services) {

    public ServiceList {
        services = services == null ? List.of() : List.copyOf(services);
    }
}
