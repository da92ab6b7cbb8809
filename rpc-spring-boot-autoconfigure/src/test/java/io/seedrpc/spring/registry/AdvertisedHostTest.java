package io.seedrpc.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AdvertisedHostTest {

    @Test
    void aSpecificBindAddressIsAdvertisedAsIs() {
        assertThat(AdvertisedHost.forBindHost("127.0.0.1")).isEqualTo("127.0.0.1");
        assertThat(AdvertisedHost.forBindHost("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(AdvertisedHost.forBindHost("rpc-1.example")).isEqualTo("rpc-1.example");
    }

    @Test
    void aWildcardBindAdvertisesANonLoopbackAddressOfThisMachine() throws Exception {
        String advertised = AdvertisedHost.forBindHost("0.0.0.0");
        assertThat(AdvertisedHost.forBindHost("::")).isEqualTo(advertised);
        // 127.0.0.1 only on a machine without any other address.
        assertThat(advertised).isEqualTo(AdvertisedHost.nonLoopbackAddress().orElse("127.0.0.1"));
        assertThat(InetAddress.getByName(advertised).isAnyLocalAddress()).isFalse();
        AdvertisedHost.nonLoopbackAddress().ifPresent(address -> assertThat(address).doesNotContain("%"));
    }
}
