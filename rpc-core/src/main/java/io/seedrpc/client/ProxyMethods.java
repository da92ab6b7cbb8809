package io.seedrpc.client;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The {@link ClientMethod} of each method a proxy may be called with, looked up per call by the {@link Method} the
 * proxy passes. A JDK proxy passes the same {@code Method} object for a method every time, but not the one
 * {@link Class#getMethods()} gave when these were built, so the first call of each method finds it by equality and
 * later ones by identity: a profile of the client put {@code Method.equals} at 2 % of its event loop's samples.
 * Thread-safe.
 */
final class ProxyMethods {

    private final Map<Method, ClientMethod> byEquality;
    /** At most this many {@code Method} objects are remembered by identity; past it, calls find theirs by equality. */
    private final int identityLimit;
    /** Replaced, never changed, so that a call reads it without a lock. */
    private volatile Map<Method, ClientMethod> byIdentity = new IdentityHashMap<>();

    /** The instance methods of {@code serviceInterface}. */
    ProxyMethods(Class<?> serviceInterface) {
        Map<Method, ClientMethod> methods = new HashMap<>();
        for (Method method : serviceInterface.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers())) {
                methods.put(method, new ClientMethod(method));
            }
        }
        this.byEquality = methods;
        this.identityLimit = 2 * methods.size();
    }

    /** The method's {@code ClientMethod}; {@code null} for a method the interface does not have. */
    ClientMethod get(Method method) {
        ClientMethod known = byIdentity.get(method);
        if (known != null) {
            return known;
        }
        ClientMethod found = byEquality.get(method);
        if (found != null) {
            remember(method, found);
        }
        return found;
    }

    /** How many {@code Method} objects are remembered by identity; for tests of the bound. */
    int rememberedByIdentity() {
        return byIdentity.size();
    }

    private synchronized void remember(Method method, ClientMethod target) {
        Map<Method, ClientMethod> current = byIdentity;
        if (current.size() < identityLimit && !current.containsKey(method)) {
            Map<Method, ClientMethod> grown = new IdentityHashMap<>(current);
            grown.put(method, target);
            byIdentity = grown;
        }
    }
}
