package io.seedrpc.benchmark.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the simulated sessions of a ZooKeeper cell cost in threads, the first thing that stops such a cell from
 * fitting on one machine: every session is a ZooKeeper client with threads of its own (its {@code SendThread} and
 * {@code EventThread}) and Curator's (its background loop, its connection state manager, the notifier
 * {@code ZooKeeperConnection} hands it), and every thread is a task of the kernel, which has
 * {@code kernel.pid_max} of them for the whole machine.
 */
final class ZooKeeperThreads {

    /**
     * Threads per session, measured: the load JVMs of a {@code 1000/100} cell reported 4,524 threads for 1,100
     * sessions (docs/benchmarks.md, "Registry capacity").
     */
    static final int PER_SESSION = 4;
    /** Threads of a load JVM besides its sessions' (the JIT's, the collector's, the tool's own), about. */
    static final int PER_JVM = 40;

    private ZooKeeperThreads() {
    }

    /** Threads the load JVMs of a cell with {@code sessions} sessions in {@code jvms} JVMs need, about. */
    static long estimate(long sessions, int jvms) {
        return sessions * PER_SESSION + (long) jvms * PER_JVM;
    }

    /** Half of the machine's tasks ({@code kernel.pid_max}), leaving the rest to everything else running. */
    static long defaultBudget() {
        return pidMax() / 2;
    }

    /** {@code kernel.pid_max}; 32,768 (the kernel's default) when {@code /proc} cannot tell. */
    static long pidMax() {
        try {
            // Lines, not Files.readString: on Java 17 that returned "3" of this procfs file's "32768".
            return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).strip());
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
