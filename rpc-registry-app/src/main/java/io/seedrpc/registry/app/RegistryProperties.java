package io.seedrpc.registry.app;

import io.seedrpc.registry.api.RegistryLimits;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the registry, bound from {@code rpc.registry.*}. Checked when bound, so that a bad value stops
 * the application at start rather than misbehaving later.
 *
 * @param instanceTtl  how long an instance stays listed without a heartbeat; providers heartbeat several times
 *                     per TTL (the core client every 5 s against the default 15 s)
 * @param sweepInterval how often expired instances are looked for; an instance is gone at most TTL plus this
 *                     after its last heartbeat
 * @param defaultWait  how long a blocking query waits when it gives an {@code index} but no {@code wait}
 * @param maxWait      the longest a blocking query may wait; longer {@code wait} values are cut to this
 * @param authToken    when set, writes need {@code Authorization: Bearer <token>}; unset means no auth at all
 * @param protectReads whether reads need the token too (only with {@code authToken} set); the dashboard then
 *                     asks for it
 * @param limits       bounds on what one registry holds and one request may carry
 */
@ConfigurationProperties("rpc.registry")
public record RegistryProperties(
        @DefaultValue("15s") Duration instanceTtl,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("30s") Duration defaultWait,
        @DefaultValue("60s") Duration maxWait,
        String authToken,
        @DefaultValue("false") boolean protectReads,
        @DefaultValue Limits limits) {

    public RegistryProperties {
        requirePositive("rpc.registry.instance-ttl", instanceTtl);
        requirePositive("rpc.registry.sweep-interval", sweepInterval);
        requirePositive("rpc.registry.default-wait", defaultWait);
        requirePositive("rpc.registry.max-wait", maxWait);
        authToken = authToken == null || authToken.isBlank() ? null : authToken;
        if (protectReads && authToken == null) {
            throw new IllegalArgumentException(
                    "rpc.registry.protect-reads=true needs rpc.registry.auth-token to be set");
        }
    }

    /** Whether requests need a bearer token at all. */
    public boolean authEnabled() {
        return authToken != null;
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /**
     * Bounds that keep one misbehaving client from exhausting the registry. A request beyond them gets
     * {@code 400} naming the field.
     *
     * @param maxInstances          the most instances the registry holds; a new one beyond it is refused (a
     *                              refresh of a known one is not)
     * @param maxServicesPerInstance the most services one instance may list
     * @param maxServiceNameLength  the longest service name, in characters
     * @param maxMetadataEntries    the most metadata entries one instance may carry
     * @param maxBodySize           the largest registration body accepted; by default 64 KB, the size of the largest
     *                              instance node the ZooKeeper module reads
     * @param maxWatchers           the most blocking queries parked at once; one more is answered {@code 503}.
     *                              Each parked query holds a connection, so this must stay below Tomcat's
     *                              {@code server.tomcat.max-connections} with room left for heartbeats and
     *                              registrations (see {@link WatcherCapacity}); checked at start
     */
    public record Limits(
            @DefaultValue("" + RegistryLimits.DEFAULT_MAX_INSTANCES) int maxInstances,
            @DefaultValue("256") int maxServicesPerInstance,
            @DefaultValue("256") int maxServiceNameLength,
            @DefaultValue("64") int maxMetadataEntries,
            @DefaultValue(RegistryLimits.DEFAULT_MAX_BODY_BYTES + "B") DataSize maxBodySize,
            @DefaultValue("4096") int maxWatchers) {

        public Limits {
            requireAtLeastOne("max-instances", maxInstances);
            requireAtLeastOne("max-services-per-instance", maxServicesPerInstance);
            requireAtLeastOne("max-service-name-length", maxServiceNameLength);
            requireAtLeastOne("max-watchers", maxWatchers);
            if (maxMetadataEntries < 0) {
                throw new IllegalArgumentException(
                        "rpc.registry.limits.max-metadata-entries must not be negative, was " + maxMetadataEntries);
            }
            if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "rpc.registry.limits.max-body-size must be between 1B and 2GB, was " + maxBodySize);
            }
        }

        private static void requireAtLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("rpc.registry.limits." + name + " must be at least 1, was " + value);
            }
        }
    }
}
