package io.seedrpc.spring.registry;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Chooses the host a provider tells the registry, when {@code rpc.server.advertise-host} does not say. */
public final class AdvertisedHost {

    private AdvertisedHost() {
    }

    /**
     * The host to advertise for a server bound to {@code bindHost}: the bind address itself when it is a
     * specific one (so 127.0.0.1 for 127.0.0.1); for a wildcard bind (0.0.0.0, ::), a non-loopback address of
     * this machine (IPv4 preferred), or 127.0.0.1 when it has none.
     */
    public static String forBindHost(String bindHost) {
        if (!isWildcard(bindHost)) {
            return bindHost;
        }
        return nonLoopbackAddress().orElse("127.0.0.1");
    }

    private static boolean isWildcard(String host) {
        try {
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The first non-loopback address of an interface that is up, IPv4 before IPv6, link-local last. */
    static Optional<String> nonLoopbackAddress() {
        List<NetworkInterface> interfaces;
        try {
            interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
        } catch (SocketException e) {
            return Optional.empty();
        }
        InetAddress best = null;
        for (NetworkInterface networkInterface : interfaces) {
            try {
                if (!networkInterface.isUp() || networkInterface.isLoopback() || networkInterface.isVirtual()) {
                    continue;
                }
            } catch (SocketException e) {
                continue;
            }
            for (InetAddress address : Collections.list(networkInterface.getInetAddresses())) {
                if (!address.isLoopbackAddress() && rank(address) < rank(best)) {
                    best = address;
                }
            }
        }
        return Optional.ofNullable(best).map(InetAddress::getHostAddress).map(AdvertisedHost::withoutScope);
    }

    private static int rank(InetAddress address) {
        if (address == null) {
            return Integer.MAX_VALUE;
        }
        int family = address instanceof Inet4Address ? 0 : 2;
        return family + (address.isLinkLocalAddress() ? 4 : 0);
    }

    private static String withoutScope(String host) {
        int percent = host.indexOf('%');
        return percent < 0 ? host : host.substring(0, percent);
    }
}
