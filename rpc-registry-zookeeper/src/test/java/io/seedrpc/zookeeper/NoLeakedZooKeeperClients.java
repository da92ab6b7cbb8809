package io.seedrpc.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Fails a test class that leaves ZooKeeper client threads (a session's send and event threads) running. */
final class NoLeakedZooKeeperClients implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> alive = clientThreads();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            alive = clientThreads();
        }
        assertThat(alive).as("ZooKeeper client threads still running after " + context.getDisplayName()).isEmpty();
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
