package io.seedrpc.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AdvertisedHostTest {

    @Test
    void aSpecificBindAddressIsAdvertisedAsIs() {
        assertThat(AdvertisedHost.forBindHost("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(AdvertisedHost.forBindHost("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(AdvertisedHost.forBindHost("rpc-1.example")).isEqualTo("rpc-1.example");
    }

    /**
     * Judged against this machine's interfaces, listed here independently of {@link AdvertisedHost}: the answer
     * must be one a client elsewhere could use (an address of an interface that is up and not loopback), IPv4
     * whenever there is one, not link-local when anything better exists, and without a scope suffix.
     */
    @Test
    void aWildcardBindAdvertisesAUsableAddressOfThisMachinePreferringIpv4() throws Exception {
        String advertised = AdvertisedHost.forBindHost("0.0.0.0");
        assertThat(AdvertisedHost.forBindHost("::")).isEqualTo(advertised);
        List<InetAddress> candidates = reachableFromElsewhere();
        if (candidates.isEmpty()) {
            assertThat(advertised).as("a machine with no other address").isEqualTo("127.0.0.1");
            return;
        }
        assertThat(advertised).doesNotContain("%");
        assertThat(candidates).extracting(AdvertisedHostTest::withoutScope).contains(advertised);
        InetAddress chosen = InetAddress.getByName(advertised);
        if (candidates.stream().anyMatch(address -> address instanceof Inet4Address)) {
            assertThat(chosen).as("IPv4 when the machine has one; it has %s", candidates)
                    .isInstanceOf(Inet4Address.class);
        }
        if (candidates.stream().anyMatch(address -> !address.isLinkLocalAddress())) {
            assertThat(chosen.isLinkLocalAddress()).as("link-local %s chosen among %s", chosen, candidates).isFalse();
        }
    }

    private static List<InetAddress> reachableFromElsewhere() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(AdvertisedHostTest::upAndReal)
                .flatMap(networkInterface -> Collections.list(networkInterface.getInetAddresses()).stream())
                .filter(address -> !address.isLoopbackAddress())
                .toList();
    }

    private static boolean upAndReal(NetworkInterface networkInterface) {
        try {
            return networkInterface.isUp() && !networkInterface.isLoopback() && !networkInterface.isVirtual();
        } catch (SocketException e) {
            return false;
        }
    }

    private static String withoutScope(InetAddress address) {
        return Stream.of(address.getHostAddress().split("%", 2)).findFirst().orElseThrow();
    }
}
