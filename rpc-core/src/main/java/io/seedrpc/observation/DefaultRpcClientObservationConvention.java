package io.seedrpc.observation;

import io.micrometer.common.KeyValues;

/**
 * {@code rpc.client.requests}, tagged {@code rpc.system=seedrpc}, {@code rpc.service} (the service key),
 * {@code rpc.method} (the method name) and {@code status}; the span is named {@code service/method}.
 */
public class DefaultRpcClientObservationConvention implements RpcClientObservationConvention {

    /** The observation's name, and so the timer's. */
    public static final String NAME = "rpc.client.requests";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(RpcClientContext context) {
        return RpcKeys.contextualName(context.invocation().serviceKey(), context.invocation().method());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RpcClientContext context) {
        return RpcKeys.lowCardinality(context.invocation().serviceKey(), context.invocation().method(),
                context.status());
    }
}
