package io.seedrpc.invoke;

import io.seedrpc.protocol.MethodDescriptor;

/**
 * One call on its way out: what to call, with what, and how long to wait.
 *
 * @param serviceKey    the service key, for example {@code com.acme.Orders:2.0}
 * @param method        the interface method, with its wire key and types
 * @param args          the arguments; never {@code null} (an empty array for none)
 * @param timeoutMillis how long to wait for the answer once the request is sent, positive
 */
public record Invocation(String serviceKey, MethodDescriptor method, Object[] args, long timeoutMillis) {

    /** The same call with another time budget, for a retry that must fit the time left. */
    public Invocation withTimeout(long millis) {
        return new Invocation(serviceKey, method, args, millis);
    }

    /** {@code service.method(types)}, for messages. */
    public String describe() {
        return method.describe(serviceKey);
    }
}
