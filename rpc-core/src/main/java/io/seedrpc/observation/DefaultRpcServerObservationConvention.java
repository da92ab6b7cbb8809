package io.seedrpc.observation;

import io.micrometer.common.KeyValues;

/**
 * {@code rpc.server.requests}, tagged {@code rpc.system=seedrpc}, {@code rpc.service} (the service key),
 * {@code rpc.method} (the method name) and {@code status}, with the caller's address as the high-cardinality
 * {@code network.peer.address}; the span is named {@code service/method}.
 */
public class DefaultRpcServerObservationConvention implements RpcServerObservationConvention {

    /** The observation's name, and so the timer's. */
    public static final String NAME = "rpc.server.requests";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(RpcServerContext context) {
        return RpcKeys.contextualName(context.call().serviceKey(), context.call().method());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RpcServerContext context) {
        return RpcKeys.lowCardinality(context.call().serviceKey(), context.call().method(), context.status());
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(RpcServerContext context) {
        return KeyValues.of("network.peer.address", context.call().remoteAddress());
    }
}
