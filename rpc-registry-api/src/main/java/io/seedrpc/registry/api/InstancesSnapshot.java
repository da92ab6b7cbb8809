package io.seedrpc.registry.api;

import java.util.List;

/**
 * The live instances of one service (or of every service) at one moment, with the index that moment had: the
 * JSON body of {@code GET /api/v1/services/{service}/instances} and {@code GET /api/v1/instances}.
 *
 * <p>Pass {@link #index()} back as the {@code index} parameter to wait for the next change. Indexes only mean
 * something to the registry that issued them: a restarted registry starts again, and answers a wait with an
 * index it does not have at once.
 *
 * @param index     the change index: of the service for a service's instances ({@code 0} when the registry has
 *                  never had the service, or no longer has it), of the whole registry for every instance
 * @param instances the live instances, ordered by id; never {@code null}
 */
public record InstancesSnapshot(long index, List<InstanceInfo> instances) {

    public InstancesSnapshot {
        instances = instances == null ? List.of() : List.copyOf(instances);
    }
}
