package io.seedrpc.server;

/**
 * The method a call's service and method keys name, remembered once resolved, so that a call costs an array read
 * and two comparisons instead of two map lookups (a {@code ConcurrentHashMap} and a {@code Map.of} lookup, each
 * hashing and comparing the key: ~8 % of the server event loop's samples on the direct call path, issue 15). The
 * transport reads the keys of a connection into the same {@code String} each time, so a remembered key is usually
 * the very same object; another connection's equal key matches too, by its contents.
 *
 * <p>Only a method that exists is remembered, so a service exposed later is found on its first call. Each route
 * holds the registry's version when it was resolved and counts for nothing once that changes, so that whatever
 * changes the services — today only exposing one — is seen on the next call. A route keeps its slot while it is
 * valid: keys sharing a slot fall back to the lookups rather than evicting each other, so the routes allocate
 * at most one object per slot and version. Thread-safe: a route is immutable, and a racy read of a slot sees
 * either route, both of them right.
 */
final class Routes {

    private static final int SLOTS = 512;

    private final ServiceRegistry registry;
    private final Route[] slots = new Route[SLOTS];

    Routes(ServiceRegistry registry) {
        this.registry = registry;
    }

    /**
     * The method of {@code methodKey} in the service of {@code serviceKey}; {@code null} when either is unknown,
     * which the caller then tells apart by asking the registry.
     */
    ServerMethod find(String serviceKey, String methodKey) {
        int version = registry.generation();
        int slot = slotOf(serviceKey, methodKey);
        Route route = slots[slot];
        if (route != null && route.version() == version && route.matches(serviceKey, methodKey)) {
            return route.method();
        }
        ServiceDefinition service = registry.find(serviceKey);
        ServerMethod method = service == null ? null : service.method(methodKey);
        if (method != null && (route == null || route.version() != version)) {
            slots[slot] = new Route(serviceKey, methodKey, method, version);
        }
        return method;
    }

    private static int slotOf(String serviceKey, String methodKey) {
        // String caches its hash, and the transport hands the same String each time: no key is rehashed per call.
        int hash = serviceKey.hashCode() * 31 + methodKey.hashCode();
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }

    /** One resolved method, under the keys it was resolved from, valid while the registry is at {@code version}. */
    private record Route(String serviceKey, String methodKey, ServerMethod method, int version) {

        boolean matches(String otherServiceKey, String otherMethodKey) {
            // equals answers at once for the same String, the usual case.
            return serviceKey.equals(otherServiceKey) && methodKey.equals(otherMethodKey);
        }
    }
}
