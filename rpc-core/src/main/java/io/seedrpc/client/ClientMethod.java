package io.seedrpc.client;

import io.seedrpc.RemoteApplicationException;
import io.seedrpc.protocol.MethodDescriptor;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * A proxied method with what the proxy needs per call, resolved once: its descriptor, and the checked exceptions
 * it declares so that a remote one of those is thrown as itself. Only declared classes are ever instantiated;
 * the remote class name is matched against them, never loaded.
 */
final class ClientMethod {

    private final MethodDescriptor descriptor;
    private final Map<String, Constructor<? extends Exception>> declaredExceptions;

    ClientMethod(Method method) {
        this.descriptor = MethodDescriptor.of(method);
        Map<String, Constructor<? extends Exception>> constructors = new HashMap<>();
        for (Class<?> type : method.getExceptionTypes()) {
            if (Exception.class.isAssignableFrom(type) && !RuntimeException.class.isAssignableFrom(type)
                    && !Modifier.isAbstract(type.getModifiers())) {
                Constructor<? extends Exception> constructor = messageConstructor(type.asSubclass(Exception.class));
                if (constructor != null) {
                    constructors.put(type.getName(), constructor);
                }
            }
        }
        this.declaredExceptions = Map.copyOf(constructors);
    }

    private static Constructor<? extends Exception> messageConstructor(Class<? extends Exception> type) {
        try {
            return type.getConstructor(String.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    MethodDescriptor descriptor() {
        return descriptor;
    }

    /**
     * The declared checked exception the remote one stands for, or {@code null} when the method declares none of
     * its class (the caller then gets the {@link RemoteApplicationException} itself).
     */
    Exception declaredExceptionFor(RemoteApplicationException remote) {
        Constructor<? extends Exception> constructor = declaredExceptions.get(remote.remoteClassName());
        if (constructor == null) {
            return null;
        }
        try {
            Exception rebuilt = constructor.newInstance(remote.remoteMessage());
            rebuilt.addSuppressed(remote);
            return rebuilt;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
