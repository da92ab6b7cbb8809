package io.seedrpc.server;

import io.seedrpc.protocol.MethodDescriptor;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One exposed service: its key, the object serving it and its methods by key. Immutable. */
final class ServiceDefinition {

    private final String serviceKey;
    private final Class<?> serviceInterface;
    private final Object target;
    private final Map<String, ServerMethod> methods;

    ServiceDefinition(String serviceKey, Class<?> serviceInterface, Object target, WorkerPools.Pool executor) {
        this.serviceKey = serviceKey;
        this.serviceInterface = serviceInterface;
        this.target = target;
        Map<String, ServerMethod> byKey = new HashMap<>();
        for (Method method : serviceInterface.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers())) {
                MethodDescriptor descriptor = MethodDescriptor.of(method);
                // Interfaces may inherit the same signature twice; either Method invokes the implementation.
                byKey.putIfAbsent(descriptor.key(), new ServerMethod(serviceKey, descriptor, target, executor));
            }
        }
        this.methods = Map.copyOf(byKey);
    }

    String serviceKey() {
        return serviceKey;
    }

    Class<?> serviceInterface() {
        return serviceInterface;
    }

    Object target() {
        return target;
    }

    /** The method of that key, or {@code null}. */
    ServerMethod method(String methodKey) {
        return methods.get(methodKey);
    }

    Collection<ServerMethod> methods() {
        return methods.values();
    }

    ExposedService describe() {
        List<String> keys = new ArrayList<>(methods.keySet());
        keys.sort(null);
        return new ExposedService(serviceKey, serviceInterface, List.copyOf(keys));
    }
}
