package io.seedrpc.transport;

import io.seedrpc.protocol.MethodDescriptor;

import java.util.Collection;

/**
 * What the HTTP side of the RPC port needs from the server behind it: the methods of a service, to turn a path
 * such as {@code /rpc/com.acme.Orders/place} into a method key before the call is dispatched, and the two pages
 * it serves. Implemented by the server; called on I/O threads, so every method must be quick and non-blocking.
 */
public interface HttpServices {

    /** The methods of the service of that key, or {@code null} when the server exposes no such service. */
    Collection<MethodDescriptor> methodsOf(String serviceKey);

    /** The keys of every exposed service, for the message of a 404. */
    Collection<String> serviceKeys();

    /** The JSON of {@code GET /rpc}: services, methods, parameter names and types, result types. */
    String description();

    /** The HTML of {@code GET /debug/rpc}. */
    String debugPage();
}
