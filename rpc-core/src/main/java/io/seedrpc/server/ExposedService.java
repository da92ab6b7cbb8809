package io.seedrpc.server;

import java.util.List;

/**
 * A service a server exposes.
 *
 * @param serviceKey       the key clients call it by, for example {@code com.acme.Orders:2.0}
 * @param serviceInterface the interface it is served as
 * @param methodKeys       the keys of its methods, sorted
 */
public record ExposedService(String serviceKey, Class<?> serviceInterface, List<String> methodKeys) {
}
