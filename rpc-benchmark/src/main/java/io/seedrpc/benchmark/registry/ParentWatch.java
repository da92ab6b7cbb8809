package io.seedrpc.benchmark.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * What keeps a child of this tool from outliving it: the child reads its standard input, a pipe from the tool,
 * on a thread of its own, hands every line to the child as a command, and exits when the input ends. The tool's
 * end closes the pipe whichever way it ends, SIGKILL included, so no child stays behind for long.
 */
final class ParentWatch {

    private ParentWatch() {
    }

    /** Starts the watching thread; {@code commands} gets each line, on that thread. */
    static void start(Consumer<String> commands) {
        Thread watch = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    commands.accept(line.strip());
                }
            } catch (IOException | RuntimeException e) {
                // Treated as the end of input.
            }
            // The tool is gone or done: exit, whatever else this JVM is doing (halt: no hook may hold it up).
            Runtime.getRuntime().halt(0);
        }, "capacity-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
