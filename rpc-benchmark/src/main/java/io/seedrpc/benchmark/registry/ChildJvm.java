package io.seedrpc.benchmark.registry;

import io.seedrpc.benchmark.CpuClock;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM this tool started and owns: reads its CPU time ({@link CpuClock}) and its heap after a full collection
 * through {@code jcmd}, and stops it on {@link #close()} (or kills it, as a crash would, with {@link #kill()}).
 */
final class ChildJvm implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private final Process process;
    private final Path jcmd;

    private ChildJvm(Process process, Path jcmd) {
        this.process = process;
        this.jcmd = jcmd;
    }

    /** Starts {@code java} with {@code arguments}, its output into {@code log}. */
    static ChildJvm start(String java, List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // That JVM's own JDK's jcmd: it may be another JDK than this tool's (virtual threads need 21+).
        return new ChildJvm(process, Path.of(java).resolveSibling("jcmd"));
    }

    /** This JVM's java launcher. */
    static String thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A loopback port no one listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    /** CPU time used so far, in nanoseconds; -1 if unknown. */
    long cpuNanos() {
        return CpuClock.of(process.pid());
    }

    /** Heap in use right after a full collection, in bytes; -1 if {@code jcmd} cannot tell. */
    long heapAfterGc() throws InterruptedException {
        try {
            jcmd("GC.run");
            Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
            return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process run = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(process.pid()), command))
                .redirectErrorStream(true).start();
        byte[] out = run.getInputStream().readAllBytes();
        run.waitFor(30, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }

    /**
     * Waits until {@code ready} answers {@code true}, polling every 200 ms; an {@link IOException} from it means
     * "not yet" (not listening yet).
     *
     * @throws IOException when this JVM exits first, or {@code timeout} passes, naming {@code what}
     */
    void awaitReady(String what, Duration timeout, Probe ready) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(what + " exited with " + process.exitValue() + " before it answered");
            }
            try {
                if (ready.answers()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException(what + " did not answer within " + timeout);
    }

    /** Whether a child answers as it should once started. */
    @FunctionalInterface
    interface Probe {
        boolean answers() throws IOException, InterruptedException;
    }

    /** Ends it at once with SIGKILL, as a crash or an OOM killer would: no shutdown hook, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
