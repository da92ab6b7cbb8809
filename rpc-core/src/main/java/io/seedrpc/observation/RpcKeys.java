package io.seedrpc.observation;

import io.micrometer.common.KeyValues;
import io.seedrpc.StatusCode;
import io.seedrpc.protocol.MethodDescriptor;

/**
 * The tags both default conventions share, named after OpenTelemetry's RPC semantic conventions where one fits:
 * {@code rpc.system}, {@code rpc.service}, {@code rpc.method}, and {@code status} (the {@link StatusCode} name).
 */
final class RpcKeys {

    static final String SYSTEM = "rpc.system";
    static final String SERVICE = "rpc.service";
    static final String METHOD = "rpc.method";
    static final String STATUS = "status";
    static final String SYSTEM_NAME = "seedrpc";

    private RpcKeys() {
    }

    static KeyValues lowCardinality(String serviceKey, MethodDescriptor method, StatusCode status) {
        return KeyValues.of(SYSTEM, SYSTEM_NAME, SERVICE, serviceKey, METHOD, method.method().getName(),
                STATUS, status == null ? "UNKNOWN" : status.name());
    }

    /** {@code service/method}, OpenTelemetry's span name for RPC. */
    static String contextualName(String serviceKey, MethodDescriptor method) {
        return serviceKey + "/" + method.method().getName();
    }
}
