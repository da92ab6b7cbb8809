package io.seedrpc.benchmark.registry;

import java.io.PrintStream;

/**
 * How the JVMs this tool starts talk back to it: one line per message on standard output, {@value #PREFIX}, a
 * kind, a space and a body, so that anything else a library prints there is told apart (it goes to the child's
 * log only). Commands go the other way, one line each on the child's standard input.
 */
final class ChildMessages {

    static final String PREFIX = "@@ ";
    /** The child could not do its job; the body says why. */
    static final String FAILED = "FAILED";

    private ChildMessages() {
    }

    static void send(PrintStream out, String kind, String body) {
        synchronized (out) {
            out.println(PREFIX + kind + " " + body);
            out.flush();
        }
    }

    /** The body of {@code message} (without its prefix) when it is of {@code kind}; {@code null} otherwise. */
    static String body(String message, String kind) {
        if (message.equals(kind)) {
            return "";
        }
        return message.startsWith(kind + " ") ? message.substring(kind.length() + 1) : null;
    }
}
