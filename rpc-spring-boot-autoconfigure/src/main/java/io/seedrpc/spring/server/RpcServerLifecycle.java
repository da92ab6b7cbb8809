package io.seedrpc.spring.server;

import io.seedrpc.RpcException;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.diagnostics.RpcStartupException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the application's {@link RpcServer} with the context: once the context is refreshed it exposes every
 * {@code @RpcService} bean, binds the port, and then tells the {@link RpcServerListener}s (which register with
 * the registry); on shutdown it tells the listeners first (which deregister), then closes the server, which
 * drains the calls in flight. The server is not started again after a stop.
 *
 * <p>Every RPC thread is a daemon thread, so while the server runs this lifecycle holds one non-daemon thread
 * ({@code seedrpc-server-await}) that keeps the JVM up, the way Spring Boot's embedded web servers do: an
 * application whose {@code main} returns after {@code SpringApplication.run} goes on serving until the context is
 * closed (SIGTERM runs the context's shutdown hook), and then ends. An application without the server (a consumer
 * only) is not held.
 */
public final class RpcServerLifecycle implements SmartLifecycle, DisposableBean {

    /** Starts after most beans and stops before them, like Spring Boot's embedded web servers. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private static final Logger log = LoggerFactory.getLogger(RpcServerLifecycle.class);

    private final RpcServer server;
    private final ListableBeanFactory beans;
    private final List<RpcServerListener> listeners;
    private final String bindDescription;
    private List<ExportedService> services = List.of();
    private volatile boolean running;
    private boolean stopped;
    private KeepAliveThread keepAlive;

    /**
     * @param bindDescription how the port was configured, for the error message when it cannot be bound
     */
    public RpcServerLifecycle(RpcServer server, ListableBeanFactory beans, List<RpcServerListener> listeners,
                              String bindDescription) {
        this.server = server;
        this.beans = beans;
        this.listeners = List.copyOf(listeners);
        this.bindDescription = bindDescription;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        if (stopped) {
            log.warn("The RPC server was stopped and cannot be started again; restart the application instead");
            return;
        }
        services = RpcServiceBeans.exportAll(beans, server);
        try {
            server.start();
        } catch (RpcException e) {
            throw new RpcStartupException("The RPC server cannot start: " + e.getMessage(), "Set " + bindDescription
                    + " to a free port (0 picks one), or the bind address to one of this machine's.", e);
        }
        running = true;
        log.info("RPC server listening on port {}, serving {}", server.port(),
                services.stream().map(ExportedService::serviceKey).toList());
        List<RpcServerListener> started = new ArrayList<>();
        try {
            for (RpcServerListener listener : listeners) {
                listener.serverStarted(server, services);
                started.add(0, listener);
            }
        } catch (RuntimeException e) {
            stopListeners(started);
            running = false;
            stopped = true;
            server.close();
            throw e;
        }
        keepAlive = KeepAliveThread.start("seedrpc-server-await");
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        stopped = true;
        try {
            deregisterAndDrain();
        } finally {
            keepAlive.end();
        }
    }

    private void deregisterAndDrain() {
        // Deregister first, so that clients stop picking this instance while it still answers; then drain.
        List<RpcServerListener> reversed = new ArrayList<>(listeners);
        Collections.reverse(reversed);
        stopListeners(reversed);
        int port = server.port();
        server.close();
        log.info("RPC server on port {} stopped", port);
    }

    private void stopListeners(List<RpcServerListener> inOrder) {
        for (RpcServerListener listener : inOrder) {
            try {
                listener.serverStopping(server);
            } catch (RuntimeException e) {
                log.warn("RPC server listener {} failed while the server was stopping", listener, e);
            }
        }
    }

    /** Stops the server when the context is torn down without a lifecycle stop (a refresh that failed later). */
    @Override
    public void destroy() {
        stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The services exposed since the server started; empty before. */
    public synchronized List<ExportedService> services() {
        return services;
    }

    public RpcServer server() {
        return server;
    }
}
