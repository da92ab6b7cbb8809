package io.seedrpc.benchmark.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The grid on ZooKeeper: for each cell a fresh ensemble ({@link ZooKeeperEnsemble}) and load JVMs holding the
 * sessions ({@link ZooKeeperCell}); a cell that would need more threads than the budget is skipped, and one that
 * fails is reported, each with the reason, and the grid goes on.
 */
record ZooKeeperGrid(ChildJvms children, int ensembleSize, String heap, int maxSessions, int sessionsPerJvm,
                     String loadHeap, long maxThreads, Path logs) {

    void run(List<Integer> instances, List<Integer> watchers, Duration warmup, Duration window) {
        System.out.printf("ZooKeeper capacity: %d cores, %d servers of heap %s, warm-up %s, window %s, at most %d "
                        + "provider sessions, %d sessions per load JVM of heap %s, at most %d threads in them "
                        + "(kernel.pid_max %d)%n", Runtime.getRuntime().availableProcessors(), ensembleSize, heap,
                warmup, window, maxSessions, sessionsPerJvm, loadHeap, maxThreads, ZooKeeperThreads.pidMax());
        System.out.println(ZooKeeperResult.HEADER);
        for (int n : instances) {
            for (int w : watchers) {
                int providerSessions = ZooKeeperCell.sessions(n, maxSessions);
                int jvms = ceilDiv(providerSessions, sessionsPerJvm) + ceilDiv(w, sessionsPerJvm);
                long threads = ZooKeeperThreads.estimate(providerSessions + w, jvms);
                if (threads > maxThreads) {
                    System.out.printf("%7d %6d skipped: %d sessions in %d load JVMs need about %d threads (%d a "
                                    + "session, %d a JVM), more than the %d allowed (--max-threads)%n", n, w,
                            providerSessions + w, jvms, threads, ZooKeeperThreads.PER_SESSION,
                            ZooKeeperThreads.PER_JVM, maxThreads);
                    continue;
                }
                System.out.println(cell(n, w, warmup, window));
            }
        }
    }

    private String cell(int n, int w, Duration warmup, Duration window) {
        String name = "zookeeper-" + n + "-" + w;
        try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(children, ensembleSize, heap, logs,
                name);
             ZooKeeperCell cell = new ZooKeeperCell(children, ensemble, n, w, maxSessions, sessionsPerJvm,
                     loadHeap, logs)) {
            return cell.run(warmup, window).row();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return String.format("%7d %6d failed: %s", n, w, e.toString().replace('\n', ' '));
        }
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
