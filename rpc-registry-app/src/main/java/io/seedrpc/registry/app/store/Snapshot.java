package io.seedrpc.registry.app.store;

import java.util.List;

/**
 * Instances at one moment with the index of that moment. This is also the JSON form of an instances listing.
 *
 * @param index     the change index: of the service for a service's instances (0 when it has none), of the
 *                  whole registry for a listing of every instance
 * @param instances the live instances, ordered by id
 */
public record Snapshot(long index, List<Instance> instances) {

    public Snapshot {
        instances = List.copyOf(instances);
    }
}
