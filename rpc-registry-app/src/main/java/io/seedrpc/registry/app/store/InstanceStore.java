package io.seedrpc.registry.app.store;

import io.seedrpc.registry.api.InstanceInfo;
import io.seedrpc.registry.api.InstancesSnapshot;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.registry.api.ServiceCount;
import java.util.List;
import java.util.Optional;

/**
 * The registry's state: which instances are registered, what they offer and when they were last heard from.
 *
 * <p>Every method is atomic and thread-safe. Every change to a service's list of instances (an instance added,
 * removed, or registered again with different details) gives the service a new, higher index; heartbeats do
 * not change indexes. A service with no instances is forgotten and has index 0.
 *
 * <p>The store only keeps state; waking watchers and evicting on time are done by its callers.
 */
public interface InstanceStore {

    /**
     * Adds the instance, or replaces the one with the same id, as heard from at {@code nowMs}.
     *
     * @param registration the instance as registered, already checked against the registry's limits and with its
     *                     id set (given by the provider or derived from host and port)
     * @throws StoreFullException when the id is new and the store is full; nothing changes then
     */
    RegisterOutcome register(RegistryInstance registration, long nowMs);

    /** Marks the instance as heard from at {@code nowMs}; {@code false} when there is no instance of that id. */
    boolean heartbeat(String id, long nowMs);

    /** Removes the instance; empty when there was none of that id. */
    Optional<InstanceInfo> remove(String id);

    /** Removes every instance last heard from before {@code cutoffMs}, and returns them. */
    List<InstanceInfo> removeHeardBefore(long cutoffMs);

    /** Every service with at least one instance, sorted by name. */
    List<ServiceCount> services();

    /** The instances offering {@code service}, with the service's index. */
    InstancesSnapshot instances(String service);

    /** Every instance, with the index of the latest change to any service. */
    InstancesSnapshot all();

    /** The service's index; 0 when no instance offers it. */
    long index(String service);

    /** The index of the latest change to any service. */
    long index();

    /** How many instances are registered. */
    int size();
}
