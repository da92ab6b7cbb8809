package io.seedrpc.codec;

import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finds the classes a service's calls can carry: what its public methods take, return and throw, and, inside
 * those, what their fields, type arguments and permitted subclasses hold.
 *
 * <p>Only classes outside the Java platform are collected, plus platform enums (decoding an enum can only pick one
 * of its constants). Platform classes are never walked into: their internals are not part of anyone's API, and the
 * platform value types they may need are in {@link JdkValueTypes} already. Not thread-safe; use one per walk.
 */
final class ReachableTypes {

    private final Set<Type> visited = new HashSet<>();
    private final Set<Class<?>> found = new LinkedHashSet<>();

    private ReachableTypes() {
    }

    /** The classes reachable from the public methods of {@code service}, in discovery order. */
    static Set<Class<?>> from(Class<?> service) {
        ReachableTypes walk = new ReachableTypes();
        for (Method method : service.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.getDeclaringClass() == Object.class) {
                continue; // neither can be called remotely
            }
            for (Type parameter : method.getGenericParameterTypes()) {
                walk.visit(parameter);
            }
            // CompletableFuture<T>, CompletionStage<T> and Optional<T> need no special case: they are platform
            // classes, so the walk skips them and goes on into T.
            walk.visit(method.getGenericReturnType());
            for (Type thrown : method.getGenericExceptionTypes()) {
                walk.visit(thrown);
            }
        }
        return walk.found;
    }

    private void visit(Type type) {
        if (type == null || !visited.add(type)) {
            return; // visited also breaks cycles such as <T extends Comparable<T>> and self-referencing classes
        }
        if (type instanceof Class<?> cls) {
            visitClass(cls);
        } else if (type instanceof ParameterizedType parameterized) {
            visit(parameterized.getRawType());
            for (Type argument : parameterized.getActualTypeArguments()) {
                visit(argument);
            }
        } else if (type instanceof GenericArrayType array) {
            visit(array.getGenericComponentType());
        } else if (type instanceof WildcardType wildcard) {
            visitAll(wildcard.getUpperBounds());
            visitAll(wildcard.getLowerBounds());
        } else if (type instanceof TypeVariable<?> variable) {
            visitAll(variable.getBounds());
        }
    }

    private void visitAll(Type[] types) {
        for (Type type : types) {
            visit(type);
        }
    }

    private void visitClass(Class<?> type) {
        if (type.isArray()) {
            visit(type.getComponentType());
            return;
        }
        if (type.isPrimitive()) {
            return;
        }
        if (JdkValueTypes.isPlatformClass(type.getName())) {
            if (type.isEnum()) {
                found.add(type);
            }
            return;
        }
        found.add(type);
        if (type.isSealed()) {
            visitAll(type.getPermittedSubclasses());
        }
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers)) {
                visit(field.getGenericType());
            }
        }
        // A user superclass contributes fields (and is walked like any class); a platform one (Object, Record,
        // Enum, Throwable, Exception...) ends the climb, but its type arguments, as in ArrayList<Order>, still count.
        visit(type.getGenericSuperclass());
    }
}
