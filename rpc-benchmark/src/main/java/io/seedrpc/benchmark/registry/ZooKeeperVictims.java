package io.seedrpc.benchmark.registry;

import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.zookeeper.ZooKeeperConnection;
import io.seedrpc.zookeeper.ZooKeeperRegistration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Providers that die: a JVM of their own (started by {@link ZooKeeperCell}) registering {@code count} instances
 * of one service, each on a session of its own, and then waiting to be killed with SIGKILL, so that their sessions
 * end the way a crashed provider's do: by their timeout, with nobody saying goodbye.
 *
 * <p>Arguments: connect string, count, service, session timeout in milliseconds.
 */
public final class ZooKeeperVictims {

    private ZooKeeperVictims() {
    }

    public static void main(String[] args) throws InterruptedException {
        ParentWatch.start(command -> { });
        String connectString = args[0];
        int count = Integer.parseInt(args[1]);
        String service = args[2];
        Duration sessionTimeout = Duration.ofMillis(Long.parseLong(args[3]));
        for (int i = 0; i < count; i++) {
            ZooKeeperConnection session = ZooKeeperConnection.builder(connectString).sessionTimeout(sessionTimeout)
                    .build().start();
            ZooKeeperRegistration.builder(new RegistryInstance("victim-" + i, "10.251.0." + (i + 1), 9000,
                    List.of(service), 100, Map.of())).connection(session).build().start();
        }
        // Held until the measuring JVM kills this one (or its pipe ends); the sessions' threads are daemons.
        new CountDownLatch(1).await();
    }
}
