package io.seedrpc.spring.registry;

import io.seedrpc.registry.HeartbeatSender;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.server.ExportedService;
import io.seedrpc.spring.server.RpcServerListener;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the application's RPC server registered while it listens: starts heartbeating to every registry once
 * the server has bound its port, and deregisters when it is about to stop.
 *
 * <p>The registry knows one weight per instance, so services of different {@code @RpcService} weights are
 * registered as one instance per weight, with ids of their own.
 */
public final class RegistryRegistration implements RpcServerListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryRegistration.class);

    private final List<URI> registries;
    private final String authToken;
    private final Duration heartbeatInterval;
    private final String advertiseHost;
    private final SSLContext sslContext;
    private final List<HeartbeatSender> senders = new ArrayList<>();

    /**
     * @param advertiseHost the host clients are told to connect to
     */
    public RegistryRegistration(List<URI> registries, String authToken, Duration heartbeatInterval,
                                String advertiseHost) {
        this(registries, authToken, heartbeatInterval, advertiseHost, null);
    }

    /**
     * @param advertiseHost the host clients are told to connect to
     * @param sslContext    for {@code https://} registries; {@code null} for the JDK's default
     */
    public RegistryRegistration(List<URI> registries, String authToken, Duration heartbeatInterval,
                                String advertiseHost, SSLContext sslContext) {
        this.sslContext = sslContext;
        this.registries = List.copyOf(registries);
        this.authToken = authToken;
        this.heartbeatInterval = heartbeatInterval;
        this.advertiseHost = advertiseHost;
    }

    @Override
    public synchronized void serverStarted(RpcServer server, List<ExportedService> services) {
        if (services.isEmpty()) {
            log.info("RPC server serves no service; nothing to register with {}", registries);
            return;
        }
        for (RegistryInstance instance : instances(server.port(), services)) {
            HeartbeatSender.Builder builder = HeartbeatSender.builder(instance)
                    .registries(registries)
                    .interval(heartbeatInterval)
                    .authToken(authToken);
            if (sslContext != null) {
                builder.sslContext(sslContext);
            }
            HeartbeatSender sender = builder.build();
            senders.add(sender);
            sender.start();
            log.info("Registering {} at {}:{} with {}", instance.services(), instance.host(), instance.port(),
                    registries);
        }
    }

    /** One instance per distinct weight; only when there are several do they need explicit ids. */
    List<RegistryInstance> instances(int port, List<ExportedService> services) {
        return ServerInstances.of(advertiseHost, port, services);
    }

    @Override
    public void serverStopping(RpcServer server) {
        close();
    }

    /** Stops heartbeating and deregisters from every registry. Idempotent. */
    @Override
    public synchronized void close() {
        for (HeartbeatSender sender : senders) {
            sender.close();
        }
        senders.clear();
    }

    /** The ids each registry holds this server's instances under; empty while none is registered. */
    public synchronized List<Map<URI, String>> registeredIds() {
        return senders.stream().map(HeartbeatSender::registeredIds).toList();
    }

    /** The registries this server registers with. */
    public List<URI> registries() {
        return registries;
    }

    /** The host clients are told to connect to. */
    public String advertiseHost() {
        return advertiseHost;
    }
}
