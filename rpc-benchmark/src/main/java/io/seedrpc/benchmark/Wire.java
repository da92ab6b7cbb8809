package io.seedrpc.benchmark;

import java.io.PrintStream;

/**
 * How the server and client JVMs talk to the runner: one line per message on standard output, starting with
 * {@value #PREFIX} so that anything a framework prints there is told apart (and goes to the child's log). The
 * runner writes commands to the child's standard input, one per line; a child whose standard input ends (the
 * runner is gone) exits.
 */
final class Wire {

    static final String PREFIX = "@@ ";

    /** Server → runner: listening; {@code port=… pid=… transport=…}. */
    static final String READY = "READY";
    /** Server → runner: heap used after a full GC; {@code used=<bytes>}. */
    static final String HEAP = "HEAP";
    /** Client → runner: a measured window opens ({@code open}) or closes ({@code close}) now. */
    static final String MARK = "MARK";
    /** Server → runner: bytes its threads allocated since {@link #CMD_ALLOC_OPEN}; {@code bytes=…} (-1 unknown). */
    static final String ALLOC = "ALLOC";
    /** Client → runner: one {@link CellResult} line. */
    static final String RESULT = "RESULT";
    /** Client → runner: one soak interval. */
    static final String SOAK = "SOAK";
    /** Either → runner: the child could not do its job; the rest of the line says why. */
    static final String FAILED = "FAILED";
    /** Client → runner: every cell is done. */
    static final String DONE = "DONE";

    /** Runner → server: answer {@link #HEAP}. */
    static final String CMD_HEAP = "heap";
    /** Runner → server: start counting allocated bytes (a window opens). */
    static final String CMD_ALLOC_OPEN = "alloc-open";
    /** Runner → server: answer {@link #ALLOC} with the bytes allocated since {@link #CMD_ALLOC_OPEN}. */
    static final String CMD_ALLOC_CLOSE = "alloc-close";
    /** Runner → child: stop and exit. */
    static final String CMD_STOP = "stop";

    private Wire() {
    }

    static void send(PrintStream out, String kind, String body) {
        synchronized (out) {
            out.println(PREFIX + kind + (body.isEmpty() ? "" : " " + body));
            out.flush();
        }
    }

    /** A message from a child. */
    record Message(String kind, String body) {

        /** The message a line carries, or {@code null} when the line is not one. */
        static Message parse(String line) {
            if (!line.startsWith(PREFIX)) {
                return null;
            }
            String rest = line.substring(PREFIX.length()).strip();
            int space = rest.indexOf(' ');
            return space < 0 ? new Message(rest, "") : new Message(rest.substring(0, space), rest.substring(space + 1));
        }
    }

    /** A failure as one line: its class and message, and those of its causes. */
    static String oneLine(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString().replace('\n', ' ');
    }
}
