package io.seedrpc.zookeeper;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A provider in a JVM of its own, for the test that kills it: {@code ProviderMain <connect string> <name>
 * <session timeout ms>}. Prints {@code LISTENING <port>} once registering has started, then runs until killed.
 */
public final class ProviderMain {

    private ProviderMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Provider provider = Provider.start(args[1], ZooKeeperConnection.builder(args[0])
                .sessionTimeout(Duration.ofMillis(Long.parseLong(args[2]))));
        System.out.println("LISTENING " + provider.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
