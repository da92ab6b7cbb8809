package io.seedrpc.registry.app.store;

import java.util.Set;

/**
 * What a registration did.
 *
 * @param created         whether the id was new to the store
 * @param changedServices the services whose instance lists changed (none when an identical registration only
 *                        refreshed the heartbeat)
 */
public record RegisterOutcome(boolean created, Set<String> changedServices) {

    public RegisterOutcome {
        changedServices = Set.copyOf(changedServices);
    }
}
