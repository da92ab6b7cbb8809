package io.seedrpc.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Fails a test class that leaves ZooKeeper client threads (a session's send and event threads) running. */
final class NoLeakedZooKeeperClients implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        // A closed session's threads end shortly after close() returns: give them a few seconds.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(clientThreads()).as("ZooKeeper client threads still running after "
                        + context.getDisplayName()).isEmpty());
    }

    private static List<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.contains("-SendThread(") || name.endsWith("-EventThread")
                        || name.startsWith("Curator-"))
                .toList();
    }
}
