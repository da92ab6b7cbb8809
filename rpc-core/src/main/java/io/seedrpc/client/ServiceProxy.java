package io.seedrpc.client;

import io.seedrpc.Deadline;
import io.seedrpc.RemoteApplicationException;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.internal.Causes;
import io.seedrpc.invoke.Invocation;
import io.seedrpc.invoke.Invoker;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The invocation handler behind a typed proxy, where a call starts: its {@link Deadline} is fixed here, once, and
 * travels with the {@link Invocation} through retries to the wire. {@code toString}, {@code equals} and
 * {@code hashCode} are answered locally; methods returning {@code CompletableFuture} return the call's future;
 * every other method waits for the answer, bounded by the deadline plus the time a connection may take to open.
 */
final class ServiceProxy implements InvocationHandler {

    private final Class<?> serviceInterface;
    private final String serviceKey;
    private final Invoker invoker;
    private final ScopedMetadata metadata;
    private final Duration timeout;
    private final long connectAllowanceNanos;
    private final ProxyMethods methods;

    private ServiceProxy(Class<?> serviceInterface, String serviceKey, Invoker invoker, ScopedMetadata metadata,
                         Duration timeout, Duration connectAllowance) {
        this.serviceInterface = serviceInterface;
        this.serviceKey = serviceKey;
        this.invoker = invoker;
        this.metadata = metadata;
        this.timeout = timeout;
        this.connectAllowanceNanos = connectAllowance.toNanos();
        this.methods = new ProxyMethods(serviceInterface);
    }

    /**
     * A proxy implementing {@code serviceInterface} whose calls go to {@code invoker}.
     *
     * @param metadata         the metadata scopes of the client, read on the calling thread
     * @param timeout          each call's deadline is this long after it starts
     * @param connectAllowance how much longer than its deadline a blocking call may wait, to cover a connection
     *                         that is still opening (its own timeouts end it)
     */
    static <T> T create(Class<T> serviceInterface, String serviceKey, Invoker invoker, ScopedMetadata metadata,
                        Duration timeout, Duration connectAllowance) {
        if (!serviceInterface.isInterface()) {
            throw new IllegalArgumentException("cannot proxy " + serviceInterface.getName()
                    + ": it is a class; references must name the service interface");
        }
        ServiceProxy handler = new ServiceProxy(serviceInterface, serviceKey, invoker, metadata, timeout,
                connectAllowance);
        return serviceInterface.cast(Proxy.newProxyInstance(serviceInterface.getClassLoader(),
                new Class<?>[] {serviceInterface}, handler));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return invokeLocally(proxy, method, args);
        }
        ClientMethod target = methods.get(method);
        Invocation invocation = new Invocation(serviceKey, target.descriptor(), args == null ? new Object[0] : args,
                Deadline.after(timeout), metadata.current());
        CompletableFuture<Object> result = invoker.invoke(invocation);
        if (target.descriptor().isAsync()) {
            return result;
        }
        return await(result, target, invocation, method.getReturnType());
    }

    private Object await(CompletableFuture<Object> result, ClientMethod target, Invocation invocation,
                         Class<?> returnType) throws Exception {
        Object value;
        try {
            value = result.get(invocation.deadline().remainingNanos() + connectAllowanceNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw rethrowable(Causes.unwrap(e), target);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new RpcException(StatusCode.TIMEOUT, invocation.describe() + " got no answer within "
                    + (timeout.toMillis() + connectAllowanceNanos / 1_000_000) + " ms (call timeout plus connection "
                    + "allowance)");
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new RpcException(StatusCode.CANCELLED, invocation.describe() + " was interrupted while waiting");
        }
        if (value == null && returnType.isPrimitive() && returnType != void.class) {
            throw new RpcException(StatusCode.CODEC_ERROR, invocation.describe() + " answered null for "
                    + returnType.getName());
        }
        return value;
    }

    /**
     * The exception to throw in the caller's thread: a declared checked exception the remote one stands for, or
     * a copy of the {@link RpcException} whose stack trace shows the caller, with the original as its cause.
     */
    private static Exception rethrowable(Throwable failure, ClientMethod target) {
        if (failure instanceof RemoteApplicationException remote) {
            Exception declared = target.declaredExceptionFor(remote);
            if (declared != null) {
                return declared;
            }
            return new RemoteApplicationException(remote.remoteClassName(), remote.remoteMessage(), remote.call(),
                    remote);
        }
        if (failure instanceof RpcException rpc) {
            return new RpcException(rpc.status(), rpc.getMessage(), rpc);
        }
        return new RpcException(StatusCode.INTERNAL, "call failed: " + failure, failure);
    }

    private Object invokeLocally(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "SeedRPC proxy for " + serviceKey + " via " + invoker;
            default -> throw new UnsupportedOperationException(method.getName() + " is not supported on a proxy of "
                    + serviceInterface.getName());
        };
    }
}
