package io.seedrpc.zookeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.awaitility.Awaitility;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;

/** Real ZooKeeper servers in this JVM, on free loopback ports, with a short tick so sessions can be short. */
final class TestEnsembles {

    /** Sessions may last from 2 to 20 ticks. */
    static final int TICK_MS = 500;

    private TestEnsembles() {
    }

    static TestingServer server() throws Exception {
        return new TestingServer(spec(TICK_MS), true);
    }

    /** An ensemble of {@code size} servers whose sessions may last from 2 to 20 times {@code tickMs}. */
    static TestingCluster cluster(int size, int tickMs) throws Exception {
        List<InstanceSpec> specs = new ArrayList<>();
        // Curator finds each free port by opening and closing a socket, so two servers can be handed the same one
        // (seen on a loaded machine): draw again until the servers' ports are all distinct.
        Set<Integer> taken = new HashSet<>();
        while (specs.size() < size) {
            InstanceSpec spec = spec(tickMs);
            List<Integer> ports = List.of(spec.getPort(), spec.getElectionPort(), spec.getQuorumPort());
            if (Set.copyOf(ports).size() == ports.size() && ports.stream().noneMatch(taken::contains)) {
                taken.addAll(ports);
                specs.add(spec);
            }
        }
        TestingCluster cluster = new TestingCluster(specs);
        cluster.start();
        awaitQuorum(cluster);
        return cluster;
    }

    /**
     * Waits until every server answers a write through itself: the ensemble has elected a leader and every
     * follower has synced, so a test starts from a whole ensemble even on a loaded machine.
     */
    private static void awaitQuorum(TestingCluster cluster) throws Exception {
        for (InstanceSpec instance : cluster.getInstances()) {
            try (CuratorFramework client = CuratorFrameworkFactory.newClient(instance.getConnectString(),
                    10_000, 5_000, new RetryOneTime(200))) {
                client.start();
                Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                    client.create().orSetData().forPath("/ready-" + instance.getServerId());
                    return true;
                });
            }
        }
    }

    private static InstanceSpec spec(int tickMs) {
        return new InstanceSpec(null, -1, -1, -1, true, -1, tickMs, -1, null, "127.0.0.1");
    }
}
