package io.seedrpc.benchmark.targets;

import io.seedrpc.benchmark.Target;

/**
 * A row of SeedRPC's own: its name and description, and how its server starts and its client connects.
 *
 * @param server how the server JVM starts the row's server
 * @param client how the client JVM connects to the port that server listens on
 */
record SeedRpcRow(String name, String description, ServerStart server, Connector client) implements Target {

    /** Starts a row's server; see {@link Target#startServer()}. */
    @FunctionalInterface
    interface ServerStart {
        Server start() throws Exception;
    }

    /** Connects a row's client; see {@link Target#connect(int)}. */
    @FunctionalInterface
    interface Connector {
        Client connect(int port) throws Exception;
    }

    /**
     * A row whose server is {@code seedrpc-kryo}'s, unchanged: only the client differs, so set against
     * {@code seedrpc-kryo} the row measures what its client adds.
     */
    static SeedRpcRow onKryoServer(String name, String description, Connector client) {
        return new SeedRpcRow(name, description, () -> SeedRpcTargets.startEchoServer(false), client);
    }

    @Override
    public Kind kind() {
        return Kind.SEEDRPC;
    }

    @Override
    public String transport() {
        return SeedRpcTransport.inThisJvm();
    }

    @Override
    public Server startServer() throws Exception {
        return server.start();
    }

    @Override
    public Client connect(int port) throws Exception {
        return client.connect(port);
    }
}
