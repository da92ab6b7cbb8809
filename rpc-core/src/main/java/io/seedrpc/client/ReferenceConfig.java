package io.seedrpc.client;

import io.seedrpc.Address;

import java.time.Duration;
import java.util.Objects;

/**
 * What a proxy calls and how: the interface and version, where it is served, and settings that override the
 * client's defaults. Immutable; each {@code with…} method returns a copy.
 *
 * <pre>{@code
 * Calculator calc = client.proxy(ReferenceConfig.of(Calculator.class)
 *         .withAddress("tcp://127.0.0.1:9100")
 *         .withTimeout(Duration.ofMillis(500)));
 * }</pre>
 *
 * @param serviceInterface the interface to proxy
 * @param version          the service version, {@code ""} for none
 * @param address          where the service is served
 * @param timeout          the call timeout, {@code null} for the client's default
 * @param codec            the codec name, {@code null} for the client's default
 */
public record ReferenceConfig<T>(Class<T> serviceInterface, String version, Address address, Duration timeout,
                                 String codec) {

    public ReferenceConfig {
        Objects.requireNonNull(serviceInterface, "serviceInterface");
        version = version == null ? "" : version;
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout of a reference to " + serviceInterface.getName()
                    + " must be positive, was " + timeout);
        }
    }

    /** A reference to {@code serviceInterface} with no version and the client's defaults. */
    public static <T> ReferenceConfig<T> of(Class<T> serviceInterface) {
        return new ReferenceConfig<>(serviceInterface, "", null, null, null);
    }

    public ReferenceConfig<T> withVersion(String version) {
        return new ReferenceConfig<>(serviceInterface, version, address, timeout, codec);
    }

    /** Calls go to this address, written as {@code tcp://host:port} or {@code http://host:port}. */
    public ReferenceConfig<T> withAddress(String address) {
        return withAddress(Address.parse(address));
    }

    public ReferenceConfig<T> withAddress(Address address) {
        return new ReferenceConfig<>(serviceInterface, version, address, timeout, codec);
    }

    public ReferenceConfig<T> withTimeout(Duration timeout) {
        return new ReferenceConfig<>(serviceInterface, version, address, timeout, codec);
    }

    public ReferenceConfig<T> withCodec(String codec) {
        return new ReferenceConfig<>(serviceInterface, version, address, timeout, codec);
    }
}
