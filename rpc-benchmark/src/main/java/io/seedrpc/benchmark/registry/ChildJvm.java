package io.seedrpc.benchmark.registry;

import io.seedrpc.benchmark.CpuClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM this tool started and owns ({@link ChildJvms#start}): reads its CPU time ({@link CpuClock}) and its heap
 * after a full collection through {@code jcmd}, writes commands to its standard input, collects the lines it
 * prints starting with {@value ChildMessages#PREFIX} (everything it prints goes to its log), and stops it on
 * {@link #close()} (or kills it, as a crash would, with {@link #kill()}).
 */
final class ChildJvm implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private final String name;
    private final Process process;
    private final Path jcmd;
    private final Path log;
    private final PrintWriter commands;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final Thread pump;
    private final Runnable onClose;

    private ChildJvm(String name, Process process, Path jcmd, Path log, Runnable onClose) throws IOException {
        this.name = name;
        this.process = process;
        this.jcmd = jcmd;
        this.log = log;
        this.onClose = onClose;
        this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
                true);
        Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        this.pump = new Thread(() -> pump(logWriter), "capacity-" + name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code java} with {@code arguments}, its output into {@code log}; {@code onClose} runs once it ended. */
    static ChildJvm start(String name, String java, List<String> arguments, Path log, Runnable onClose)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // That JVM's own JDK's jcmd: it may be another JDK than this tool's (virtual threads need 21+).
        return new ChildJvm(name, process, Path.of(java).resolveSibling("jcmd"), log, onClose);
    }

    private void pump(Writer logWriter) {
        try (Writer out = logWriter; BufferedReader in = new BufferedReader(new InputStreamReader(
                process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                if (line.startsWith(ChildMessages.PREFIX)) {
                    messages.add(line.substring(ChildMessages.PREFIX.length()));
                }
            }
        } catch (IOException e) {
            // The child is gone; next() says so.
        }
    }

    /** This JVM's java launcher. */
    static String thisJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's class path with every entry made absolute, for children started from it. */
    static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** A loopback port no one listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String name() {
        return name;
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

    /** Writes one command line to the child's standard input. */
    void send(String command) {
        commands.println(command);
    }

    /**
     * The next message whose kind is {@code kind} (messages of other kinds before it are dropped), its body after
     * the kind.
     *
     * @throws IOException when the child says {@value ChildMessages#FAILED}, exits, or stays silent that long
     */
    String next(String kind, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String message = messages.poll(100, TimeUnit.MILLISECONDS);
            if (message != null) {
                String body = ChildMessages.body(message, kind);
                if (body != null) {
                    return body;
                }
                String failure = ChildMessages.body(message, ChildMessages.FAILED);
                if (failure != null) {
                    throw new IOException(name + " failed: " + failure + "; see " + log);
                }
                continue;
            }
            if (!pump.isAlive() && messages.isEmpty()) {
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IOException(name + (process.isAlive() ? " closed its output" : " exited with "
                        + process.exitValue()) + " before " + kind + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " said no " + kind + " within " + timeout + "; see " + log);
            }
        }
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
                throw new IOException(what + " exited with " + process.exitValue() + " before it answered; see "
                        + log);
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
        throw new IOException(what + " did not answer within " + timeout + "; see " + log);
    }

    /** Whether a child answers as it should once started. */
    @FunctionalInterface
    interface Probe {
        boolean answers() throws IOException, InterruptedException;
    }

    /** Ends its standard input, as the tool's own end does, however it ends: a child of this tool then exits. */
    void endInput() {
        commands.close();
    }

    /** Ends it at once with SIGKILL, as a crash or an OOM killer would: no shutdown hook, no goodbye. */
    void kill() throws InterruptedException {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } finally {
            onClose.run();
        }
    }

    /**
     * Ends its standard input (a child of this tool exits when it ends) and asks it to stop (SIGTERM), then kills
     * it if it has not ended within {@code patience}. Idempotent.
     */
    void close(Duration patience) {
        try {
            commands.close();
            process.destroy();
            if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            onClose.run();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
