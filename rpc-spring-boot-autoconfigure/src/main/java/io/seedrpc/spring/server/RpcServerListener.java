package io.seedrpc.spring.server;

import io.seedrpc.server.RpcServer;
import java.util.List;

/**
 * Hears when the application's RPC server starts listening and when it is about to stop, e.g. to register with
 * a registry and deregister again. Beans of this type are called by {@link RpcServerLifecycle}: in
 * {@link org.springframework.core.annotation.Order order} on start, in reverse order on stop.
 */
public interface RpcServerListener {

    /** The server listens (read its port from {@code server}) and serves {@code services}. */
    void serverStarted(RpcServer server, List<ExportedService> services);

    /**
     * The server is about to stop accepting calls and drain the ones in flight; it still serves while this
     * runs. Stop sending clients to it here.
     */
    void serverStopping(RpcServer server);
}
