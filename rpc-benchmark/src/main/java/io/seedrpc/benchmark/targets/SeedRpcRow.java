package io.seedrpc.benchmark.targets;

import io.seedrpc.benchmark.Target;

/** A row of SeedRPC's own, named and described once; subclasses say how its server starts and its client connects. */
abstract class SeedRpcRow implements Target {

    private final String name;
    private final String description;

    SeedRpcRow(String name, String description) {
        this.name = name;
        this.description = description;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Kind kind() {
        return Kind.SEEDRPC;
    }

    /** How a row's client connects to the port its server listens on. */
    @FunctionalInterface
    interface Connector {
        Client connect(int port) throws Exception;
    }

    /**
     * A row whose server is {@code seedrpc-kryo}'s, unchanged: only the client differs, so set against
     * {@code seedrpc-kryo} the row measures what its client adds.
     */
    static Target onKryoServer(String name, String description, Connector connector) {
        return new OnKryoServer(name, description, connector);
    }

    private static final class OnKryoServer extends SeedRpcRow {

        private final Connector connector;

        OnKryoServer(String name, String description, Connector connector) {
            super(name, description);
            this.connector = connector;
        }

        @Override
        public Server startServer() {
            return SeedRpcTargets.startEchoServer(false);
        }

        @Override
        public Client connect(int port) throws Exception {
            return connector.connect(port);
        }
    }
}
