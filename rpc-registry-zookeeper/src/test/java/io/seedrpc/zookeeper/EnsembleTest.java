package io.seedrpc.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedrpc.testing.NoLeakedThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A real three-server ensemble in this JVM: losing one server loses nothing; losing all of them stops no call. */
@ExtendWith(NoLeakedThreads.class)
@ExtendWith(NoLeakedZooKeeperClients.class)
class EnsembleTest {

    /** Ticks of 1 s let sessions last up to 20 s, longer than the 10 s outage. */
    private static final int TICK_MS = 1_000;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private TestingCluster cluster;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        cluster.close();
    }

    @Test
    void losingTheServerAProviderIsConnectedToLosesNoInstanceAndNoCall() throws Exception {
        cluster = TestEnsembles.cluster(3, TICK_MS);
        Provider a = closing(Provider.start("a", connection(Duration.ofSeconds(6))));
        Provider b = closing(Provider.start("b", connection(Duration.ofSeconds(6))));
        Consumer consumer = closing(new Consumer(connection(Duration.ofSeconds(6))));
        await().atMost(Duration.ofSeconds(30)).until(consumer::knownPorts,
                ports -> ports.equals(sorted(a.port(), b.port())));

        try (Calls calls = new Calls(consumer)) {
            InstanceSpec serverOfA = cluster.findConnectionInstance(
                    a.connection.curator().getZookeeperClient().getZooKeeper());
            assertThat(cluster.killServer(serverOfA)).isTrue();

            // A's session moves to another server; its node never goes away.
            await().atMost(Duration.ofSeconds(15)).until(a.connection::isConnected);
            try (CuratorFramework raw = rawClient()) {
                for (String path : a.registration.registeredPaths()) {
                    assertThat(raw.checkExists().forPath(path)).as(path).isNotNull();
                }
            }
            calls.awaitMore(100);
            assertThat(consumer.knownPorts()).containsExactlyElementsOf(sorted(a.port(), b.port()));
            assertThat(calls.failures).isEmpty();
            assertThat(calls.servedBy()).contains("a", "b");
        }

        // Changes still arrive through the two servers left.
        b.close();
        await().atMost(Duration.ofSeconds(10)).until(consumer::knownPorts, ports -> ports.equals(List.of(a.port())));
    }

    @Test
    void withTheWholeEnsembleDownForTenSecondsCallsGoOnAndChangesArriveOnceItIsBack() throws Exception {
        cluster = TestEnsembles.cluster(3, TICK_MS);
        Provider a = closing(Provider.start("a", connection(Duration.ofSeconds(15))));
        Provider b = closing(Provider.start("b", connection(Duration.ofSeconds(15))));
        Consumer consumer = closing(new Consumer(connection(Duration.ofSeconds(15))));
        await().atMost(Duration.ofSeconds(30)).until(consumer::knownPorts,
                ports -> ports.equals(sorted(a.port(), b.port())));

        try (Calls calls = new Calls(consumer)) {
            for (InstanceSpec instance : cluster.getInstances()) {
                cluster.killServer(instance);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !consumer.connection.isConnected());
            // Ten seconds without any ZooKeeper server, watched throughout: the last list stays, every call is
            // answered.
            int before = calls.succeeded.get();
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> {
                        assertThat(calls.failures).isEmpty();
                        assertThat(consumer.knownPorts()).containsExactlyElementsOf(sorted(a.port(), b.port()));
                    });
            assertThat(calls.succeeded.get() - before).isGreaterThan(100);
            assertThat(calls.servedBy()).contains("a", "b");

            for (InstanceSpec instance : cluster.getInstances()) {
                cluster.restartServer(instance);
            }
            await().atMost(Duration.ofSeconds(30)).until(consumer.connection::isConnected);
            calls.awaitMore(20);
            assertThat(calls.failures).isEmpty();
        }

        // Back: a provider joining and one leaving are seen again.
        Provider c = closing(Provider.start("c", connection(Duration.ofSeconds(15))));
        await().atMost(Duration.ofSeconds(20)).until(consumer::knownPorts,
                ports -> ports.equals(sorted(a.port(), b.port(), c.port())));
        b.close();
        await().atMost(Duration.ofSeconds(10)).until(consumer::knownPorts,
                ports -> ports.equals(sorted(a.port(), c.port())));
        assertThat(consumer.who.who()).isIn("a", "c");
    }

    private ZooKeeperConnection.Builder connection(Duration sessionTimeout) {
        return ZooKeeperConnection.builder(cluster.getConnectString()).sessionTimeout(sessionTimeout);
    }

    private CuratorFramework rawClient() throws InterruptedException {
        CuratorFramework raw = CuratorFrameworkFactory.newClient(cluster.getConnectString(), new RetryOneTime(100));
        raw.start();
        raw.blockUntilConnected();
        return raw;
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private static List<Integer> sorted(int... ports) {
        return java.util.Arrays.stream(ports).sorted().boxed().toList();
    }

    /** Calls the consumer's proxy in a loop on a thread of its own, counting successes and keeping failures. */
    private static final class Calls implements AutoCloseable {

        final AtomicInteger succeeded = new AtomicInteger();
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<String> served = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Calls(Consumer consumer) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        String who = consumer.who.who();
                        if (served.size() < 1000) {
                            served.add(who);
                        }
                        succeeded.incrementAndGet();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }, "ensemble-test-calls");
            thread.start();
        }

        void awaitMore(int calls) {
            int target = succeeded.get() + calls;
            await().atMost(Duration.ofSeconds(10)).until(() -> succeeded.get() >= target || !failures.isEmpty());
        }

        List<String> servedBy() {
            return served.stream().distinct().toList();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }
}
