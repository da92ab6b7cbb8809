package io.seedrpc.registry;

/**
 * A service the registry knows and how many live instances offer it.
 *
 * @param name      the service name
 * @param instances the number of live instances, at least one
 */
public record ServiceCount(String name, int instances) {
}
