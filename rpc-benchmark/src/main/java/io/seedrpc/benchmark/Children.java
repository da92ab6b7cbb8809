package io.seedrpc.benchmark;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The server and client JVMs the runner starts, all with the runner's own class path. Every child is stopped
 * when it is closed, and whatever is still running when {@link #close()} runs (at the end, or from the shutdown
 * hook on Ctrl-C) is stopped too: first asked, then destroyed, then killed. A child also exits by itself when its
 * standard input ends, so even a runner killed with SIGKILL leaves no JVM behind for long.
 */
final class Children implements AutoCloseable {

    private final List<String> jvmArgs;
    private final Path logs;
    private final Set<Child> live = ConcurrentHashMap.newKeySet();

    Children(List<String> jvmArgs, Path logs) {
        this.jvmArgs = List.copyOf(jvmArgs);
        this.logs = logs;
    }

    /**
     * Starts {@code main} in a new JVM; its standard output and error go to {@code <logs>/<name>.log}, except the
     * {@link Wire} messages, which {@link Child#next} returns.
     */
    Child start(String name, Class<?> main, List<String> args) throws IOException {
        return start(name, main, args, List.of());
    }

    /** {@link #start(String, Class, List)} with {@code rowJvmArgs} after the runner's JVM options, so they win. */
    Child start(String name, Class<?> main, List<String> args, List<String> rowJvmArgs) throws IOException {
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(rowJvmArgs);
        command.add("-cp");
        command.add(classPath());
        command.add(main.getName());
        command.addAll(args);
        Path log = logs.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Child child = new Child(name, process, log);
        live.add(child);
        return child;
    }

    /** The runner's class path with every entry made absolute, so children find it from any directory. */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** Stops every child still running. Idempotent; safe from a shutdown hook. */
    @Override
    public void close() {
        for (Child child : List.copyOf(live)) {
            child.close();
        }
    }

    /** One child JVM. */
    final class Child implements AutoCloseable {

        private final String name;
        private final Process process;
        private final BlockingQueue<Wire.Message> messages = new LinkedBlockingQueue<>();
        private final PrintWriter commands;
        private final Thread reader;

        private Child(String name, Process process, Path log) throws IOException {
            this.name = name;
            this.process = process;
            this.commands = new PrintWriter(new BufferedWriter(new OutputStreamWriter(process.getOutputStream(),
                    StandardCharsets.UTF_8)), true);
            PrintWriter logWriter = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
            this.reader = new Thread(() -> pump(logWriter), "benchmark-" + name + "-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void pump(PrintWriter logWriter) {
            try (logWriter; BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    logWriter.println(line);
                    Wire.Message message = Wire.Message.parse(line);
                    if (message != null) {
                        messages.add(message);
                    }
                }
            } catch (IOException e) {
                logWriter.println("[runner] output of " + name + " ended: " + e);
            }
        }

        long pid() {
            return process.pid();
        }

        /**
         * The next message, waiting up to {@code timeout}.
         *
         * @throws IOException when the child exits or stays silent that long, saying which and where its log is
         */
        Wire.Message next(Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Wire.Message message = messages.poll(100, TimeUnit.MILLISECONDS);
                if (message != null) {
                    return message;
                }
                if (!reader.isAlive() && messages.isEmpty()) {
                    process.waitFor(5, TimeUnit.SECONDS);
                    String status = process.isAlive() ? "closed its output" : "exited with " + process.exitValue();
                    throw new IOException(name + " " + status + "; see " + logs.resolve(name + ".log"));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + " said nothing for " + Durations.format(timeout) + "; see "
                            + logs.resolve(name + ".log"));
                }
            }
        }

        /** Writes one command line to the child's standard input. */
        void send(String command) {
            commands.println(command);
        }

        /** Asks the child to stop, then destroys it (and anything it started) if it has not within 5 s. */
        @Override
        public void close() {
            try {
                if (process.isAlive()) {
                    commands.println(Wire.CMD_STOP);
                    commands.close();   // the end of input also makes a child exit
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.descendants().forEach(ProcessHandle::destroy);
                        process.destroy();
                        if (!process.waitFor(5, TimeUnit.SECONDS)) {
                            process.descendants().forEach(ProcessHandle::destroyForcibly);
                            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                        }
                    }
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                live.remove(this);
            }
        }
    }
}
