package io.seedrpc.registry;

import java.util.List;
import java.util.Map;

/**
 * One live instance as the registry lists it.
 *
 * @param id              the id the instance is registered under
 * @param host            the address clients connect to
 * @param port            the port clients connect to
 * @param services        the services the instance offers (may be empty when an older registry omits them)
 * @param weight          relative share of traffic
 * @param metadata        free-form labels
 * @param lastHeartbeatMs when the registry last heard from the instance, in milliseconds since the epoch by the
 *                        registry's clock
 */
public record InstanceInfo(String id, String host, int port, List<String> services, int weight,
                           Map<String, String> metadata, long lastHeartbeatMs) {

    public InstanceInfo {
        services = services == null ? List.of() : List.copyOf(services);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
