package io.seedrpc.benchmark;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The server JVM of one row: {@code ServerMain --target NAME}. Starts the target's server, announces
 * {@code READY port=… pid=… transport=…}, then answers the runner's commands on standard input ({@code heap}: full
 * GC, then report the heap in use; {@code alloc-open} and {@code alloc-close}: the bytes this JVM's threads
 * allocated between the two, for a measured window) until {@code stop} or the end of input, and exits.
 */
public final class ServerMain {

    private static final Logger log = LoggerFactory.getLogger(ServerMain.class);

    private ServerMain() {
    }

    public static void main(String[] argv) {
        int status = 0;
        try {
            Map<String, String> args = Args.parse(argv, Set.of());
            Target target = Targets.load().get(Args.required(args, "target"));
            try (Target.Server server = target.startServer()) {
                Wire.send(System.out, Wire.READY, "port=" + server.port() + " pid=" + ProcessHandle.current().pid()
                        + " transport=" + target.transport());
                serveCommands(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                        System.out);
            }
        } catch (Throwable failure) {
            log.error("The benchmark server failed", failure);
            Wire.send(System.out, Wire.FAILED, Wire.oneLine(failure));
            status = 1;
        }
        // Some frameworks leave non-daemon threads behind; this JVM exists only to serve the row.
        System.exit(status);
    }

    /** Answers {@code commands} on {@code out} until {@code stop} or their end. */
    static void serveCommands(BufferedReader commands, PrintStream out) throws java.io.IOException {
        AllocatedBytes.Snapshot windowStart = null;
        String command;
        while ((command = commands.readLine()) != null) {
            switch (command.strip()) {
                case Wire.CMD_HEAP -> Wire.send(out, Wire.HEAP, "used=" + Heap.usedAfterGc());
                case Wire.CMD_ALLOC_OPEN -> windowStart = AllocatedBytes.take();
                case Wire.CMD_ALLOC_CLOSE -> Wire.send(out, Wire.ALLOC, "bytes="
                        + (windowStart == null ? -1 : AllocatedBytes.since(windowStart)));
                case Wire.CMD_STOP -> {
                    return;
                }
                default -> log.warn("Ignoring unknown command '{}'", command);
            }
        }
    }
}
