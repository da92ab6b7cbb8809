package io.seedrpc.benchmark.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;

/**
 * One server of the ensemble {@link ZooKeeperEnsemble} starts, a JVM of its own: writes the server's {@code myid}
 * and configuration into its fresh data directory and runs ZooKeeper's own {@link QuorumPeerMain} on it, exiting
 * when the tool's pipe ends ({@link ParentWatch}).
 *
 * <p>Arguments: this server's id, its data directory, its client port, and the ensemble as
 * {@code id=host:quorumPort:electionPort} pairs separated by commas.
 */
public final class ZooKeeperNode {

    /** ZooKeeper's default tick; sessions may last 2 to 20 ticks (4 s to 40 s). */
    static final int TICK_MS = 2_000;

    private ZooKeeperNode() {
    }

    public static void main(String[] args) throws IOException {
        ParentWatch.start(command -> { });
        String id = args[0];
        Path data = Files.createDirectories(Path.of(args[1]));
        int clientPort = Integer.parseInt(args[2]);
        Files.writeString(data.resolve("myid"), id + "\n", StandardCharsets.US_ASCII);
        StringBuilder config = new StringBuilder()
                .append("tickTime=").append(TICK_MS).append('\n')
                .append("initLimit=10\nsyncLimit=5\n")
                .append("dataDir=").append(data.toAbsolutePath()).append('\n')
                .append("clientPort=").append(clientPort).append('\n')
                .append("clientPortAddress=127.0.0.1\n")
                // Every simulated session comes from 127.0.0.1: no limit per client address.
                .append("maxClientCnxns=0\n")
                .append("4lw.commands.whitelist=mntr,ruok,srst\n");
        for (String server : args[3].split(",")) {
            String[] idAndAddress = server.split("=", 2);
            config.append("server.").append(idAndAddress[0]).append('=').append(idAndAddress[1]).append('\n');
        }
        Path file = data.resolve("zoo.cfg");
        Files.writeString(file, config, StandardCharsets.US_ASCII);
        QuorumPeerMain.main(new String[] {file.toString()});
    }
}
