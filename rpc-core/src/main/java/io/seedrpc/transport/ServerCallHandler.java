package io.seedrpc.transport;

/**
 * Receives every call a server transport decodes. Implemented by the server's dispatcher. Internal to SeedRPC: the
 * seam between the server and its transport.
 */
@FunctionalInterface
public interface ServerCallHandler {

    /**
     * Takes one call. Invoked on the connection's I/O thread, so it must not block: hand the work to an
     * executor, or answer at once.
     */
    void onCall(ServerCall call);
}
