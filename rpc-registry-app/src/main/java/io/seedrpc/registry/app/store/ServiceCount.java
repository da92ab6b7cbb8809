package io.seedrpc.registry.app.store;

/**
 * A service and how many live instances offer it.
 *
 * @param name      the service name
 * @param instances the number of live instances offering it, at least one
 */
public record ServiceCount(String name, int instances) {
}
