package io.seedrpc.client;

import io.seedrpc.Address;

import java.time.Duration;
import java.util.Objects;

/**
 * What a proxy calls and how: the interface and version, and settings that override the client's defaults.
 * Without an address the client's discovery finds the instances; with one, every call goes there. Immutable;
 * each {@code with…} method returns a copy. Equal configurations share one proxy.
 *
 * <pre>{@code
 * Calculator calc = client.proxy(ReferenceConfig.of(Calculator.class)
 *         .withTimeout(Duration.ofMillis(500))
 *         .withLoadBalance("round-robin"));
 * }</pre>
 *
 * @param serviceInterface the interface to proxy
 * @param version          the service version, {@code ""} for none
 * @param address          a fixed address that bypasses discovery, {@code null} to use discovery
 * @param timeout          the call timeout, {@code null} for the client's default
 * @param codec            the codec name, {@code null} for the client's default
 * @param loadBalance      the load balancer name, {@code null} for the client's default
 * @param cluster          the cluster mode name ({@code failover}, {@code failfast}, {@code broadcast}),
 *                         {@code null} for the client's default
 * @param retries          how many times failover may retry, {@code null} for the client's default
 */
public record ReferenceConfig<T>(Class<T> serviceInterface, String version, Address address, Duration timeout,
                                 String codec, String loadBalance, String cluster, Integer retries) {

    public ReferenceConfig {
        Objects.requireNonNull(serviceInterface, "serviceInterface");
        version = version == null ? "" : version;
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout of a reference to " + serviceInterface.getName()
                    + " must be positive, was " + timeout);
        }
        if (retries != null && retries < 0) {
            throw new IllegalArgumentException("retries of a reference to " + serviceInterface.getName()
                    + " must be at least 0, was " + retries);
        }
    }

    /** A reference to {@code serviceInterface} with no version and the client's defaults. */
    public static <T> ReferenceConfig<T> of(Class<T> serviceInterface) {
        return new ReferenceConfig<>(serviceInterface, "", null, null, null, null, null, null);
    }

    public ReferenceConfig<T> withVersion(String version) {
        return new ReferenceConfig<>(serviceInterface, version, address, timeout, codec, loadBalance, cluster, retries);
    }

    /** Calls go to this address, written as {@code tcp://host:port} or {@code http://host:port}. */
    public ReferenceConfig<T> withAddress(String address) {
        return withAddress(address == null || address.isBlank() ? null : Address.parse(address));
    }

    public ReferenceConfig<T> withAddress(Address address) {
        return new ReferenceConfig<>(serviceInterface, version, address, timeout, codec, loadBalance, cluster, retries);
    }

    public ReferenceConfig<T> withTimeout(Duration timeout) {
        return new ReferenceConfig<>(serviceInterface, version, address, timeout, codec, loadBalance, cluster, retries);
    }

    public ReferenceConfig<T> withCodec(String codec) {
        return new ReferenceConfig<>(serviceInterface, version, address, timeout, codec, loadBalance, cluster, retries);
    }

    public ReferenceConfig<T> withLoadBalance(String loadBalance) {
        return new ReferenceConfig<>(serviceInterface, version, address, timeout, codec, loadBalance, cluster, retries);
    }

    public ReferenceConfig<T> withCluster(String cluster) {
        return new ReferenceConfig<>(serviceInterface, version, address, timeout, codec, loadBalance, cluster, retries);
    }

    public ReferenceConfig<T> withRetries(Integer retries) {
        return new ReferenceConfig<>(serviceInterface, version, address, timeout, codec, loadBalance, cluster, retries);
    }
}
