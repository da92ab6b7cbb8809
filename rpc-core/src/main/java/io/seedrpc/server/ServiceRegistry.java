package io.seedrpc.server;

import io.seedrpc.codec.Codec;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.protocol.ServiceKeys;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services one server exposes, by service key. Registration checks once, with a message that says what to
 * change, that the object can be served as the interface and that no codec the server speaks objects to it
 * (see {@link Codec#checkService}); the types the interface reaches are added to the codec allowlist.
 * Thread-safe: services may be added while calls flow.
 */
final class ServiceRegistry {

    private final Map<String, ServiceDefinition> services = new ConcurrentHashMap<>();
    private static final Logger log = LoggerFactory.getLogger(ServiceRegistry.class);

    private final CodecRegistry codecs;
    /** Changes whenever the services do, so that the {@link Routes} resolved before count for nothing. */
    private volatile int generation;

    ServiceRegistry(CodecRegistry codecs) {
        this.codecs = codecs;
    }

    /**
     * Exposes {@code target} as {@code serviceInterface} at {@code version}.
     *
     * @throws IllegalArgumentException when it cannot be served, saying why
     */
    ServiceDefinition register(Class<?> serviceInterface, Object target, String version, WorkerPools.Pool executor) {
        validate(serviceInterface, target);
        checkCodecs(serviceInterface);
        String key = ServiceKeys.of(serviceInterface, version);
        ServiceDefinition definition = new ServiceDefinition(key, serviceInterface, target, executor);
        ServiceDefinition existing = services.putIfAbsent(key, definition);
        if (existing != null) {
            throw new IllegalArgumentException("cannot expose " + key + " twice: it is already served by an "
                    + "instance of " + existing.target().getClass().getName() + "; give the second one another version");
        }
        codecs.allowlist().allowTypesReachableFrom(serviceInterface);
        changed();
        return definition;
    }

    /** Lets every codec refuse the interface before it is served, rather than on some client's first call. */
    private void checkCodecs(Class<?> serviceInterface) {
        for (Codec codec : codecs.all()) {
            try {
                codec.checkService(serviceInterface).ifPresent(reason -> log.debug(
                        "Clients speaking codec {} cannot call {}: {}", codec.name(), serviceInterface.getName(), reason));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot serve " + serviceInterface.getName() + " with codec "
                        + codec.name() + ": " + e.getMessage(), e);
            }
        }
    }

    private static void validate(Class<?> serviceInterface, Object target) {
        if (serviceInterface == null || target == null) {
            throw new IllegalArgumentException("a service needs both an interface and an object to serve it");
        }
        String name = serviceInterface.getName();
        if (!serviceInterface.isInterface()) {
            Class<?>[] interfaces = serviceInterface.getInterfaces();
            throw new IllegalArgumentException("cannot serve " + name + ": it is a class, not an interface; "
                    + (interfaces.length == 0 ? "extract an interface for the methods to expose"
                    : "expose one of the interfaces it implements: " + Arrays.stream(interfaces).map(Class::getName).toList()));
        }
        if (serviceInterface.isAnnotation()) {
            throw new IllegalArgumentException("cannot serve " + name + ": it is an annotation type");
        }
        if (!Modifier.isPublic(serviceInterface.getModifiers())) {
            throw new IllegalArgumentException("cannot serve " + name + ": the interface must be public");
        }
        if (!serviceInterface.isInstance(target)) {
            throw new IllegalArgumentException("cannot serve " + name + " with an instance of "
                    + target.getClass().getName() + ": that class does not implement it");
        }
        boolean hasMethod = false;
        for (Method method : serviceInterface.getMethods()) {
            hasMethod |= !Modifier.isStatic(method.getModifiers());
        }
        if (!hasMethod) {
            throw new IllegalArgumentException("cannot serve " + name + ": it declares no methods to call");
        }
    }

    /** The service of that key, or {@code null}. */
    ServiceDefinition find(String serviceKey) {
        return services.get(serviceKey);
    }

    /** Changes whenever a service is exposed (the only change there is); read by {@link Routes} on every call. */
    int generation() {
        return generation;
    }

    // Synchronized so that no change is lost between two registrations; the read on every call stays a plain
    // volatile read.
    private synchronized void changed() {
        generation++;
    }

    Collection<ServiceDefinition> all() {
        return services.values();
    }
}
