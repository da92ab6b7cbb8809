package io.seedrpc.protocol;

/**
 * Service keys name what a server exposes: the interface's binary name, plus {@code ":version"} when a version
 * is given (for example {@code com.acme.Orders:2.0}). The registry uses the same form.
 */
public final class ServiceKeys {

    private ServiceKeys() {
    }

    /** The key of {@code serviceInterface} at {@code version}; an empty or {@code null} version adds nothing. */
    public static String of(Class<?> serviceInterface, String version) {
        return of(serviceInterface.getName(), version);
    }

    /** The key of the interface named {@code interfaceName} at {@code version}. */
    public static String of(String interfaceName, String version) {
        return version == null || version.isEmpty() ? interfaceName : interfaceName + ":" + version;
    }
}
