package io.seedrpc.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and tags the observations of calls a client makes; implement it to replace {@link DefaultRpcClientObservationConvention}. */
public interface RpcClientObservationConvention extends ObservationConvention<RpcClientContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof RpcClientContext;
    }
}
