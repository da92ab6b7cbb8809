package io.seedrpc.benchmark.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.zookeeper.ZooKeeperConnection;
import io.seedrpc.zookeeper.ZooKeeperRegistration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capacity tool's ZooKeeper ensemble, three real servers in JVMs of their own: a quorum that replicates what
 * a session registers, and servers that do not outlive the tool, however it ends.
 */
class ZooKeeperEnsembleTest {

    @TempDir
    Path dir;

    @Test
    void threeServersElectALeaderReplicateAndDeleteTheirData() throws Exception {
        try (ChildJvms children = new ChildJvms()) {
            try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(children, 3, "64m", dir, "test")) {
                assertThat(ensemble.connectString().split(",")).hasSize(3).allMatch(s -> s.startsWith("127.0.0.1:"));
                assertThat(ensemble.allCounters()).extracting(counters -> counters.get("zk_server_state"))
                        .containsExactlyInAnyOrder("leader", "follower", "follower");
                try (ZooKeeperConnection session = ZooKeeperConnection.builder(ensemble.connectString()).build()
                        .start()) {
                    ZooKeeperLoad.awaitTrue(session::isConnected, Duration.ofSeconds(60), "the session");
                    ZooKeeperRegistration.builder(new RegistryInstance("one", "10.0.0.1", 9000, List.of("a.Service"),
                            100, Map.of())).connection(session).build().start();
                    // Every server holds the node, whichever one the session talks to: the ensemble replicates.
                    for (int server = 0; server < 3; server++) {
                        int s = server;
                        ZooKeeperLoad.awaitTrue(() -> ephemerals(ensemble, s) == 1, Duration.ofSeconds(60),
                                "the node on server " + (s + 1));
                    }
                }
                assertThat(children.size()).isEqualTo(3);
            }
            assertThat(children.size()).isZero();
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left.filter(path -> path.getFileName().toString().startsWith("test-data-"))).isEmpty();
            }
        }
    }

    @Test
    void serversExitWhenTheToolsPipeEnds() throws Exception {
        try (ChildJvms children = new ChildJvms();
             ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(children, 3, "64m", dir, "orphans")) {
            List<ProcessHandle> servers = ensemble.jvms().stream()
                    .map(jvm -> ProcessHandle.of(jvm.pid()).orElseThrow()).toList();
            // What a SIGKILL of the tool does to them: the pipe to their standard input ends, nothing else.
            ensemble.jvms().forEach(ChildJvm::endInput);
            for (ProcessHandle server : servers) {
                server.onExit().get(30, TimeUnit.SECONDS);
                assertThat(server.isAlive()).isFalse();
            }
        }
    }

    private static long ephemerals(ZooKeeperEnsemble ensemble, int server) {
        try {
            return Long.parseLong(ensemble.counters(server).getOrDefault("zk_ephemerals_count", "-1"));
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
