package io.seedrpc.server;

import io.seedrpc.annotation.DirectDispatch;
import io.seedrpc.protocol.MethodDescriptor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** One method of one exposed service, resolved at registration so a call only looks it up in a map. */
final class ServerMethod {

    private final String serviceKey;
    private final MethodDescriptor descriptor;
    private final Object target;
    private final boolean direct;
    private final MethodStats stats;
    private final WorkerPools.Pool pool;

    /** @param pool the worker pool of its service, which it runs on unless it is direct */
    ServerMethod(String serviceKey, MethodDescriptor descriptor, Object target, WorkerPools.Pool pool) {
        this.serviceKey = serviceKey;
        this.descriptor = descriptor;
        this.target = target;
        this.pool = pool;
        this.direct = descriptor.isDirect() || annotatedOnImplementation(descriptor.method(), target.getClass());
        this.stats = new MethodStats(serviceKey, descriptor.key());
        // Skips the access check Method.invoke would otherwise repeat on every call.
        trySetAccessible(descriptor.method());
    }

    private static void trySetAccessible(Method method) {
        try {
            method.setAccessible(true);
        } catch (RuntimeException notAllowed) {
            // A module that does not open the interface's package: the per-call check stays, nothing breaks.
        }
    }

    private static boolean annotatedOnImplementation(Method method, Class<?> implementation) {
        if (implementation.isAnnotationPresent(DirectDispatch.class)) {
            return true;
        }
        try {
            return implementation.getMethod(method.getName(), method.getParameterTypes())
                    .isAnnotationPresent(DirectDispatch.class);
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    Object invoke(Object[] args) throws InvocationTargetException, IllegalAccessException {
        return descriptor.method().invoke(target, args);
    }

    String serviceKey() {
        return serviceKey;
    }

    MethodDescriptor descriptor() {
        return descriptor;
    }

    /** Whether the method runs on the I/O thread instead of the worker executor. */
    boolean isDirect() {
        return direct;
    }

    MethodStats stats() {
        return stats;
    }

    /** The worker pool it runs on (its service's), unless it {@link #isDirect is direct}. */
    WorkerPools.Pool pool() {
        return pool;
    }

    /** {@code service.method(types)}, for messages. */
    String describe() {
        return descriptor.describe(serviceKey);
    }
}
