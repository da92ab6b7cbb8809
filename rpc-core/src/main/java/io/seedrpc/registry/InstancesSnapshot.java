package io.seedrpc.registry;

import java.util.List;

/**
 * The live instances of one service at one moment, with the index that moment had.
 *
 * <p>Pass {@link #index()} to {@link RegistryClient#watch} to wait for the next change. Indexes only mean
 * something to the registry that issued them: a restarted registry starts again, and answers a watch with an
 * index it does not have at once.
 *
 * @param index     the service's change index; {@code 0} when the registry has never had the service (or no
 *                  longer has it)
 * @param instances the live instances, never {@code null}
 */
public record InstancesSnapshot(long index, List<InstanceInfo> instances) {

    public InstancesSnapshot {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }
}
