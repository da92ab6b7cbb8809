package io.seedrpc.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and tags the observations of calls a server serves; implement it to replace {@link DefaultRpcServerObservationConvention}. */
public interface RpcServerObservationConvention extends ObservationConvention<RpcServerContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof RpcServerContext;
    }
}
