package io.seedrpc.benchmark.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An ensemble of ZooKeeper servers on loopback, each in a JVM of its own ({@link ZooKeeperNode}), on free ports,
 * with fresh data directories, the {@code mntr} command enabled for its counters and no limit on connections from
 * one address. Started whole: every server answers {@code ruok} and one of them leads before {@link #start}
 * returns.
 */
final class ZooKeeperEnsemble implements AutoCloseable {

    private final List<ChildJvm> jvms;
    private final List<Integer> clientPorts;
    private final Path dataDir;

    private ZooKeeperEnsemble(List<ChildJvm> jvms, List<Integer> clientPorts, Path dataDir) {
        this.jvms = jvms;
        this.clientPorts = clientPorts;
        this.dataDir = dataDir;
    }

    /**
     * Starts {@code size} servers of {@code heap} each, their data in a new directory under {@code logDir}
     * (deleted on {@link #close()}), their logs there as {@code <name>-<id>.log}.
     */
    static ZooKeeperEnsemble start(ChildJvms children, int size, String heap, Path logDir, String name)
            throws IOException, InterruptedException {
        Path dataDir = Files.createTempDirectory(logDir, name + "-data-");
        List<int[]> ports = distinctPorts(size);
        String servers = java.util.stream.IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "=127.0.0.1:" + ports.get(i)[1] + ":" + ports.get(i)[2])
                .collect(Collectors.joining(","));
        List<ChildJvm> jvms = new ArrayList<>();
        List<Integer> clientPorts = new ArrayList<>();
        ZooKeeperEnsemble ensemble = new ZooKeeperEnsemble(jvms, clientPorts, dataDir);
        try {
            for (int i = 0; i < size; i++) {
                clientPorts.add(ports.get(i)[0]);
                jvms.add(children.start("zookeeper-" + (i + 1), ChildJvm.thisJava(), List.of("-Xms" + heap,
                                "-Xmx" + heap, "-Dzookeeper.admin.enableServer=false", "-cp", ChildJvm.classPath(),
                                ZooKeeperNode.class.getName(), Integer.toString(i + 1),
                                dataDir.resolve("server-" + (i + 1)).toString(), Integer.toString(ports.get(i)[0]),
                                servers),
                        logDir.resolve(name + "-" + (i + 1) + ".log")));
            }
            ensemble.awaitServing(Duration.ofSeconds(90));
            return ensemble;
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                ensemble.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Client, quorum and election port of each server, all distinct. */
    private static List<int[]> distinctPorts(int size) throws IOException {
        Set<Integer> taken = new HashSet<>();
        List<int[]> ports = new ArrayList<>();
        while (ports.size() < size) {
            int[] server = new int[3];
            for (int k = 0; k < 3; k++) {
                // A port is free when found, not reserved: draw again until no two servers share one.
                do {
                    server[k] = ChildJvm.freePort();
                } while (!taken.add(server[k]));
            }
            ports.add(server);
        }
        return ports;
    }

    /** Every server, for clients: {@code 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
    String connectString() {
        return clientPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    List<ChildJvm> jvms() {
        return jvms;
    }

    /** One server's counters ({@code mntr}): {@code zk_ephemerals_count}, {@code zk_avg_latency}, ... */
    Map<String, String> counters(int server) throws IOException {
        Map<String, String> counters = new HashMap<>();
        for (String line : fourLetters(server, "mntr").split("\n")) {
            String[] pair = line.split("\t", 2);
            if (pair.length == 2) {
                counters.put(pair[0].strip(), pair[1].strip());
            }
        }
        return counters;
    }

    /** Every server's counters, in server order. */
    List<Map<String, String>> allCounters() throws IOException {
        List<Map<String, String>> all = new ArrayList<>();
        for (int i = 0; i < clientPorts.size(); i++) {
            all.add(counters(i));
        }
        return all;
    }

    /** Starts every server's latency and request statistics afresh ({@code srst}), for a measuring window. */
    void resetStatistics() throws IOException {
        for (int i = 0; i < clientPorts.size(); i++) {
            fourLetters(i, "srst");
        }
    }

    /** CPU time of every server together, in nanoseconds; -1 if unknown. */
    long cpuNanos() {
        long total = 0;
        for (ChildJvm jvm : jvms) {
            long cpu = jvm.cpuNanos();
            if (cpu < 0) {
                return -1;
            }
            total += cpu;
        }
        return total;
    }

    private String fourLetters(int server, String command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", clientPorts.get(server))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every server answers, and one leads the others (a server not in a quorum answers mntr without a state). */
    private void awaitServing(Duration timeout) throws IOException, InterruptedException {
        for (int i = 0; i < jvms.size(); i++) {
            int server = i;
            jvms.get(i).awaitReady("ZooKeeper server " + (i + 1), timeout,
                    () -> "imok".equals(fourLetters(server, "ruok")));
        }
        jvms.get(0).awaitReady("a ZooKeeper leader", timeout, () -> {
            int leaders = 0;
            int followers = 0;
            for (int i = 0; i < clientPorts.size(); i++) {
                String state = counters(i).getOrDefault("zk_server_state", "");
                leaders += state.equals("leader") ? 1 : 0;
                followers += state.equals("follower") ? 1 : 0;
            }
            return leaders == 1 && followers == clientPorts.size() - 1;
        });
    }

    /** Stops the servers and deletes their data. */
    @Override
    public void close() throws IOException {
        ChildJvms.closeAll(jvms);
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
