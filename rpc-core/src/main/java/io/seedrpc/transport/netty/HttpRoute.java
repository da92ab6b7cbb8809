package io.seedrpc.transport.netty;

import io.seedrpc.StatusCode;
import io.seedrpc.protocol.MethodDescriptor;
import io.seedrpc.transport.HttpServices;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where {@code POST /rpc/<service key>/<method>} leads. {@code <method>} is a method name when the service has
 * one method of that name, the common case; an overloaded name is refused with the candidates, each with the
 * method key that picks it: {@code reserve(java.lang.String,int)}, or with simple type names,
 * {@code reserve(String,int)}.
 *
 * @param serviceKey the service, as the path gives it
 * @param method     the method found, {@code null} when none was
 * @param failure    why none was found: {@code UNKNOWN_SERVICE}, {@code UNKNOWN_METHOD} or {@code BAD_REQUEST}
 * @param message    what was wrong and what to send instead
 */
record HttpRoute(String serviceKey, MethodDescriptor method, StatusCode failure, String message) {

    /** The path prefix of calls. */
    static final String PREFIX = "/rpc/";

    /** Resolves a decoded request path that starts with {@link #PREFIX}. */
    static HttpRoute resolve(String path, HttpServices services) {
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            return failed(null, StatusCode.UNKNOWN_METHOD, "no method at " + path
                    + ": a call's path is /rpc/<service key>/<method>, for example /rpc/com.acme.Orders/place");
        }
        String serviceKey = rest.substring(0, slash);
        String method = rest.substring(slash + 1);
        Collection<MethodDescriptor> methods = services.methodsOf(serviceKey);
        if (methods == null) {
            return failed(serviceKey, StatusCode.UNKNOWN_SERVICE, "this server exposes no service " + serviceKey
                    + "; it exposes " + new TreeSet<>(services.serviceKeys()));
        }
        List<MethodDescriptor> matches = methods.stream().filter(m -> matches(m, method)).toList();
        if (matches.size() == 1) {
            return new HttpRoute(serviceKey, matches.get(0), null, null);
        }
        if (matches.isEmpty()) {
            return failed(serviceKey, StatusCode.UNKNOWN_METHOD, "service " + serviceKey + " has no method " + method
                    + "; its methods are " + methods.stream().map(m -> m.method().getName())
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        return failed(serviceKey, StatusCode.BAD_REQUEST, "service " + serviceKey + " has " + matches.size()
                + " methods named " + method + "; name one by its key in the path: " + matches.stream()
                .map(m -> PREFIX + serviceKey + "/" + m.key())
                .sorted()
                .collect(Collectors.joining(", ")));
    }

    private static HttpRoute failed(String serviceKey, StatusCode status, String message) {
        return new HttpRoute(serviceKey, null, status, message);
    }

    private static boolean matches(MethodDescriptor descriptor, String method) {
        if (method.indexOf('(') < 0) {
            return descriptor.method().getName().equals(method);
        }
        return descriptor.key().equals(method) || simpleKey(descriptor).equals(method);
    }

    private static String simpleKey(MethodDescriptor descriptor) {
        return descriptor.method().getName() + Arrays.stream(descriptor.method().getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(",", "(", ")"));
    }
}
