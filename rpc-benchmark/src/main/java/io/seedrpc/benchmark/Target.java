package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;

import java.util.List;

/**
 * One row of the comparison: a framework (or the raw transport) configured one way. The runner starts
 * {@link #startServer()} in a server JVM and {@link #connect(int)} in a separate client JVM; both JVMs find the
 * target by {@link #name()} through {@link TargetProvider}. {@link #startServer()} and {@link #connect(int)} are
 * called once per JVM; {@link Client#echo} is called from many threads at once and must be thread-safe.
 */
public interface Target {

    /** The row's name in the table and on the command line, e.g. {@code seedrpc-kryo}; unique. */
    String name();

    /** How the row is configured, one line for the report. */
    String description();

    /** What the row stands for in the comparison. */
    Kind kind();

    /**
     * The Netty transport the row's server runs on, {@code nio} or {@code epoll}, or {@code ""} when it does not
     * matter to any target. Asked in the server JVM, so that it reflects that JVM's options; issue 15's targets set
     * a SeedRPC row against the raw ceiling on the same transport.
     */
    default String transport() {
        return "";
    }

    /**
     * Options this row's server and client JVMs need besides the runner's {@code --jvm-args}, placed after them so
     * that they win (e.g. {@code -Dseedrpc.transport=nio}).
     */
    default List<String> jvmArgs() {
        return List.of();
    }

    /**
     * Starts serving the echo on {@code 127.0.0.1} and a free port; returns once the port accepts connections.
     * Runs in the server JVM.
     */
    Server startServer() throws Exception;

    /**
     * Connects to the server on {@code 127.0.0.1:port}; returns once calls can be made. Runs in the client JVM.
     */
    Client connect(int port) throws Exception;

    /** SeedRPC rows are measured as ratios to the peers and to the ceiling. */
    enum Kind { SEEDRPC, PEER, CEILING }

    /** A running server. {@link #close()} stops it. */
    interface Server extends AutoCloseable {

        /** The port it listens on. */
        int port();

        /** Stops serving and releases the server's threads. */
        @Override
        void close();
    }

    /** A connected client, shared by every caller. */
    interface Client extends AutoCloseable {

        /**
         * Sends one echo of {@code payload} and returns without blocking. {@code done} is called exactly once, on
         * any thread, with {@code null} when the echo came back equal to what was sent, or with the failure. It
         * may be called before this method returns only for a failure.
         */
        void echo(Payload payload, Completion done);

        /** Closes the connection and releases the client's threads. */
        @Override
        void close();
    }

    /** Told how one echo ended. */
    @FunctionalInterface
    interface Completion {

        /** @param failure {@code null} for a correct echo */
        void complete(Throwable failure);
    }
}
