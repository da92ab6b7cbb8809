package io.seedrpc.benchmark.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every JVM the tool has started and not yet stopped. {@link #close()} stops the ones still running; the tool
 * calls it from a shutdown hook too, so Ctrl-C leaves none behind. Against a SIGKILL of the tool, which runs no
 * hook, the children started with {@link ParentWatch} exit by themselves when their standard input ends.
 */
final class ChildJvms implements AutoCloseable {

    private final Set<ChildJvm> live = ConcurrentHashMap.newKeySet();

    /** Starts {@code java} with {@code arguments}, its output into {@code log}, and keeps it until it is closed. */
    ChildJvm start(String name, String java, List<String> arguments, Path log) throws IOException {
        ChildJvm[] started = new ChildJvm[1];
        ChildJvm child = ChildJvm.start(name, java, arguments, log, () -> live.remove(started[0]));
        started[0] = child;
        live.add(child);
        return child;
    }

    /** How many are running. */
    int size() {
        return live.size();
    }

    /** Stops every child still running, all at once. Idempotent; safe from a shutdown hook. */
    @Override
    public void close() {
        closeAll(List.copyOf(live));
    }

    /** Stops {@code jvms} all at once, each asked first, then killed after 5 s. */
    static void closeAll(Collection<ChildJvm> jvms) {
        List<Thread> stoppers = jvms.stream()
                .map(child -> new Thread(() -> child.close(Duration.ofSeconds(5)), "capacity-stop-" + child.name()))
                .toList();
        stoppers.forEach(Thread::start);
        for (Thread stopper : stoppers) {
            try {
                stopper.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
