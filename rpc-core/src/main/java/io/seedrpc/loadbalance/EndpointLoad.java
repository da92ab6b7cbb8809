package io.seedrpc.loadbalance;

import io.seedrpc.discovery.Endpoint;

/** How busy endpoints are, as the client sees it. */
@FunctionalInterface
public interface EndpointLoad {

    /** Calls sent to {@code endpoint} by this client and not yet answered. */
    int outstanding(Endpoint endpoint);

    /** No load information: every endpoint looks idle. */
    EndpointLoad NONE = endpoint -> 0;
}
