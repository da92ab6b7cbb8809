package io.seedrpc.codec.protobuf;

import io.seedrpc.protocol.MethodDescriptor;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * Decides, once per service interface, whether the protobuf codec carries it: every parameter and every result
 * must be a generated message class (a {@code void} or {@code CompletableFuture<Void>} result carries nothing
 * and is fine). Checking a method also finds the parsers of its message types, so calls never look for them.
 *
 * <p>An interface that mentions a message anywhere is a protobuf service, and a method of it that takes or
 * returns anything else is a mistake: the check throws. An interface that mentions no message at all is meant for
 * the other codecs: the check only says why protobuf cannot carry it.
 */
final class ServiceCheck {

    private static final String HINT = "; the protobuf codec carries only generated messages: wrap a single value in"
            + " a well-known wrapper (StringValue, Int64Value, BoolValue, ...) or declare a message for it";

    private final MessageTypes types;
    private boolean mentionsMessage;
    private String firstFault;

    private ServiceCheck(MessageTypes types) {
        this.types = types;
    }

    static Optional<String> check(Class<?> serviceInterface, MessageTypes types) {
        ServiceCheck check = new ServiceCheck(types);
        for (Method method : serviceInterface.getMethods()) {
            if (!Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() != Object.class) {
                check.method(serviceInterface, MethodDescriptor.of(method));
            }
        }
        if (check.firstFault == null) {
            return Optional.empty();
        }
        String reason = check.firstFault + HINT;
        if (check.mentionsMessage) {
            throw new IllegalArgumentException(reason);
        }
        return Optional.of(reason);
    }

    private void method(Class<?> serviceInterface, MethodDescriptor method) {
        Type[] parameters = method.parameterTypes();
        for (int i = 0; i < parameters.length; i++) {
            judge(parameters[i], serviceInterface, method, "takes", " as parameter " + (i + 1));
        }
        Type result = method.resultType();
        if (result != void.class && result != Void.class) {
            judge(result, serviceInterface, method, method.isAsync() ? "completes with" : "returns", "");
        }
    }

    private void judge(Type declared, Class<?> serviceInterface, MethodDescriptor method, String verb, String where) {
        MessageType type = types.of(declared);
        if (type.isMessage()) {
            mentionsMessage = true;
        } else if (firstFault == null) {
            firstFault = "method " + method.key() + " of " + serviceInterface.getName() + " " + verb + " "
                    + declared.getTypeName() + where + ", " + type.refusal();
        }
    }
}
