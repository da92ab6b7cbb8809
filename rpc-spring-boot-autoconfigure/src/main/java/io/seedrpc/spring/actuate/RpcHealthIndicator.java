package io.seedrpc.spring.actuate;

import io.seedrpc.registry.RegistryClient;
import io.seedrpc.server.RpcServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Whether the RPC server listens and the registries answer. Down when the server does not listen, or when
 * registries are configured and none of them answers within the timeout; details name each of them.
 */
public final class RpcHealthIndicator extends AbstractHealthIndicator {

    private final RpcServer server;
    private final List<RegistryHealthProbe> registries;
    private final Duration timeout;

    /**
     * @param server     the application's server, or {@code null} when it serves nothing
     * @param registries the registries to ask, empty for none
     * @param timeout    how long to wait for the registries' answers
     */
    public RpcHealthIndicator(RpcServer server, List<RegistryClient> registries, Duration timeout) {
        this(timeout, server, registries.stream().map(RegistryHealthProbe::of).toList());
    }

    /**
     * @param timeout    how long to wait for the registries' answers
     * @param server     the application's server, or {@code null} when it serves nothing
     * @param registries the registries to ask, empty for none
     */
    public RpcHealthIndicator(Duration timeout, RpcServer server, List<RegistryHealthProbe> registries) {
        super("RPC health check failed");
        this.server = server;
        this.registries = List.copyOf(registries);
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws InterruptedException {
        boolean up = true;
        if (server != null) {
            boolean listening = server.isRunning();
            up = listening;
            builder.withDetail("server", listening ? Map.of("listening", true, "port", server.port())
                    : Map.of("listening", false));
        }
        if (!registries.isEmpty()) {
            Map<String, CompletableFuture<?>> answers = new LinkedHashMap<>();
            registries.forEach(registry -> answers.put(registry.name(), registry.check()));
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<String, String> states = new LinkedHashMap<>();
            for (Map.Entry<String, CompletableFuture<?>> answer : answers.entrySet()) {
                states.put(answer.getKey(), state(answer.getValue(), deadline));
            }
            up &= states.containsValue("reachable");
            builder.withDetail("registries", states);
        }
        if (up) {
            builder.up();
        } else {
            builder.down();
        }
    }

    private static String state(CompletableFuture<?> answer, long deadline) throws InterruptedException {
        try {
            answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return "reachable";
        } catch (TimeoutException e) {
            answer.cancel(true);
            return "unreachable: no answer in time";
        } catch (ExecutionException e) {
            return "unreachable: " + e.getCause().getMessage();
        }
    }
}
