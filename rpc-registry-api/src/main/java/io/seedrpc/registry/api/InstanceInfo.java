package io.seedrpc.registry.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One live instance as the registry lists it: an element of {@link InstancesSnapshot#instances()}.
 *
 * @param id              the id the instance is registered under
 * @param host            the address clients connect to
 * @param port            the port clients connect to
 * @param services        the services the instance offers (may be empty when an older registry omits them)
 * @param weight          relative share of traffic
 * @param metadata        free-form labels, sorted by key
 * @param lastHeartbeatMs when the registry last heard from the instance (registration or heartbeat), in
 *                        milliseconds since the epoch by the registry's clock
 */
public record InstanceInfo(String id, String host, int port, List<String> services, int weight,
                           Map<String, String> metadata, long lastHeartbeatMs) {

    public InstanceInfo {
        services = services == null ? List.of() : List.copyOf(services);
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metadata));
    }

    /**
     * The listing of {@code instance}, registered under its {@link RegistryInstance#registeredId()}, as heard from
     * at {@code heardFromMs}.
     */
    public static InstanceInfo of(RegistryInstance instance, long heardFromMs) {
        return new InstanceInfo(instance.registeredId(), instance.host(), instance.port(), instance.services(),
                instance.weight(), instance.metadata(), heardFromMs);
    }

    /**
     * What was registered, without when it was heard from.
     *
     * @throws IllegalArgumentException when this listing is no valid registration (it lists no service, say)
     */
    public RegistryInstance registration() {
        return new RegistryInstance(id, host, port, services, weight, metadata);
    }

    /** The same instance, heard from at {@code heardFromMs}. */
    public InstanceInfo heardFrom(long heardFromMs) {
        return new InstanceInfo(id, host, port, services, weight, metadata, heardFromMs);
    }
}
