package io.seedrpc.benchmark.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A standalone ZooKeeper server in a JVM of its own, as {@code demo.sh --zookeeper} runs it: ZooKeeper's own
 * {@code ZooKeeperServerMain} from the class path of this tool, on a free loopback port, with a fresh data
 * directory, no limit on connections from one address (every simulated session comes from 127.0.0.1) and the
 * {@code mntr} command enabled for its counters.
 */
final class ZooKeeperProcess implements AutoCloseable {

    /** ZooKeeper's default tick; sessions may last 2 to 20 ticks (4 s to 40 s). */
    private static final int TICK_MS = 2_000;

    private final ChildJvm jvm;
    private final int port;

    private ZooKeeperProcess(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    static ZooKeeperProcess start(String heap, Path dataDir, Path log) throws IOException, InterruptedException {
        int port = ChildJvm.freePort();
        Files.createDirectories(dataDir);
        ChildJvm jvm = ChildJvm.start(ChildJvm.thisJava(), List.of("-Xms" + heap, "-Xmx" + heap,
                "-Dzookeeper.admin.enableServer=false", "-Dzookeeper.4lw.commands.whitelist=mntr,ruok,srst",
                "-cp", System.getProperty("java.class.path"), "org.apache.zookeeper.server.ZooKeeperServerMain",
                // port, data directory, tick, most connections per client address (0: no limit)
                Integer.toString(port), dataDir.toString(), Integer.toString(TICK_MS), "0"), log);
        ZooKeeperProcess zookeeper = new ZooKeeperProcess(jvm, port);
        zookeeper.awaitServing(Duration.ofSeconds(60));
        return zookeeper;
    }

    String connectString() {
        return "127.0.0.1:" + port;
    }

    ChildJvm jvm() {
        return jvm;
    }

    /** The server's counters ({@code mntr}): {@code zk_ephemerals_count}, {@code zk_watch_count}, ... */
    Map<String, String> counters() throws IOException {
        Map<String, String> counters = new HashMap<>();
        for (String line : fourLetters("mntr").split("\n")) {
            String[] pair = line.split("\t", 2);
            if (pair.length == 2) {
                counters.put(pair[0].strip(), pair[1].strip());
            }
        }
        return counters;
    }

    /** Starts ZooKeeper's latency and request statistics afresh ({@code srst}), for a measuring window. */
    void resetStatistics() throws IOException {
        fourLetters("srst");
    }

    private String fourLetters(String command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void awaitServing(Duration timeout) throws IOException, InterruptedException {
        jvm.awaitReady("ZooKeeper", timeout, () -> "imok".equals(fourLetters("ruok")));
    }

    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }
}
