package io.seedrpc.cluster;

import io.seedrpc.UnknownNameException;
import java.util.Arrays;
import java.util.Locale;

/** What a cluster invoker does when a call fails, or whether it calls every instance. */
public enum ClusterMode {

    /**
     * Retry on another instance — only when the call certainly did not run (it was never sent, or the server
     * said it did not run it) or the method is {@link io.seedrpc.annotation.Idempotent}. The default.
     */
    FAILOVER,

    /** Report the first failure; never retry. */
    FAILFAST,

    /**
     * Call every instance at once; the first failure fails the call and cancels the others, otherwise one
     * instance's result is returned.
     */
    BROADCAST;

    /** The name used in configuration: {@code failover}, {@code failfast}, {@code broadcast}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode of that configuration name.
     *
     * @throws UnknownNameException of kind {@code CLUSTER_MODE}, listing the known names
     */
    public static ClusterMode fromName(String name) {
        for (ClusterMode mode : values()) {
            if (mode.configName().equalsIgnoreCase(name.trim())) {
                return mode;
            }
        }
        throw new UnknownNameException(UnknownNameException.Kind.CLUSTER_MODE, name,
                Arrays.stream(values()).map(ClusterMode::configName).toList());
    }
}
