package io.seedrpc.loadbalance;

import io.seedrpc.invoke.Invocation;
import io.seedrpc.discovery.Endpoint;

/** Chooses one endpoint of a fixed snapshot for one call. Thread-safe: called by every calling thread at once. */
@FunctionalInterface
public interface Picker {

    /**
     * @param invocation the call being routed (its arguments matter to consistent hashing)
     * @param load       how busy each endpoint is right now (least-outstanding strategies use it)
     * @return one of the snapshot's endpoints, never {@code null}
     */
    Endpoint pick(Invocation invocation, EndpointLoad load);
}
