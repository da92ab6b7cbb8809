package io.seedrpc.protocol;

import io.seedrpc.annotation.DirectDispatch;
import io.seedrpc.annotation.HashKey;
import io.seedrpc.annotation.Idempotent;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * One service interface method as both sides see it, resolved once (at registration or proxy creation) so that
 * no call does a reflective lookup: the key that names it on the wire, the declared generic types the codecs
 * decode into, and whether it is asynchronous, idempotent or dispatched on the I/O thread.
 *
 * <p>The key is the method name followed by the erased parameter type names, for example
 * {@code add(int,int)} or {@code find(java.lang.String,java.util.List)}, so overloads are told apart. Immutable.
 */
public final class MethodDescriptor {

    private final Method method;
    private final String key;
    private final Type[] parameterTypes;
    private final Type resultType;
    private final boolean async;
    private final boolean idempotent;
    private final boolean direct;
    private final int hashKeyIndex;

    private MethodDescriptor(Method method) {
        this.method = method;
        this.key = keyOf(method);
        this.parameterTypes = method.getGenericParameterTypes();
        Class<?> raw = method.getReturnType();
        this.async = raw == CompletableFuture.class || raw == CompletionStage.class;
        this.resultType = async ? futureValueType(method) : method.getGenericReturnType();
        this.idempotent = method.isAnnotationPresent(Idempotent.class);
        this.direct = method.isAnnotationPresent(DirectDispatch.class)
                || method.getDeclaringClass().isAnnotationPresent(DirectDispatch.class);
        this.hashKeyIndex = hashKeyIndexOf(method);
    }

    private static int hashKeyIndexOf(Method method) {
        java.lang.annotation.Annotation[][] annotations = method.getParameterAnnotations();
        for (int i = 0; i < annotations.length; i++) {
            for (java.lang.annotation.Annotation annotation : annotations[i]) {
                if (annotation instanceof HashKey) {
                    return i;
                }
            }
        }
        return 0;
    }

    /** Describes {@code method}, a method of a service interface. */
    public static MethodDescriptor of(Method method) {
        return new MethodDescriptor(method);
    }

    /** The wire key of {@code method}: its name and erased parameter types. */
    public static String keyOf(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes())
                .map(Class::getTypeName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    /** The interface method itself. */
    public Method method() {
        return method;
    }

    /** The wire key, for example {@code add(int,int)}. */
    public String key() {
        return key;
    }

    /** The declared generic parameter types. The array is shared: do not modify it. */
    public Type[] parameterTypes() {
        return parameterTypes;
    }

    /** The type of the value a call produces: the return type, or {@code T} of a {@code CompletableFuture<T>}. */
    public Type resultType() {
        return resultType;
    }

    /** Whether the method returns {@code CompletableFuture} or {@code CompletionStage}. */
    public boolean isAsync() {
        return async;
    }

    /** Whether the method carries {@link Idempotent}, so that a failed call may be retried elsewhere. */
    public boolean isIdempotent() {
        return idempotent;
    }

    /** Whether the method or its interface carries {@link DirectDispatch}. */
    public boolean isDirect() {
        return direct;
    }

    /** The argument consistent hashing uses: the one marked {@link HashKey}, else the first. */
    public int hashKeyIndex() {
        return hashKeyIndex;
    }

    /** {@code Interface.key}, for messages. */
    public String describe(String serviceKey) {
        return serviceKey + "." + key;
    }

    private static Type futureValueType(Method method) {
        Type generic = method.getGenericReturnType();
        if (generic instanceof ParameterizedType parameterized) {
            return parameterized.getActualTypeArguments()[0];
        }
        return Object.class;
    }

    @Override
    public String toString() {
        return method.getDeclaringClass().getName() + "." + key;
    }
}
