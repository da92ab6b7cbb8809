package io.seedrpc.registry.api;

/**
 * A service the registry knows and how many live instances offer it: an element of {@link ServiceList}.
 *
 * @param name      the service name
 * @param instances the number of live instances offering it, at least one
 */
public record ServiceCount(String name, int instances) {
}
