package io.seedrpc.spring.actuate;

import io.seedrpc.client.ReferenceConfig;
import io.seedrpc.client.RpcClient;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.protocol.ServiceKeys;
import io.seedrpc.server.ExposedService;
import io.seedrpc.server.MethodStatsSnapshot;
import io.seedrpc.server.RpcServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code rpc} actuator endpoint: what this application serves (services, methods, their call counts and
 * latency), what it calls (references, the instances discovery knows for each service, and call counts), as
 * JSON.
 */
@org.springframework.boot.actuate.endpoint.annotation.Endpoint(id = "rpc")
public final class RpcEndpoint {

    private final RpcServer server;
    private final RpcClient client;
    private final ClientCallStats clientStats;

    /**
     * @param server      the application's server, or {@code null} when it serves nothing
     * @param client      the application's client, or {@code null}
     * @param clientStats the client's call counts, or {@code null} when not recorded
     */
    public RpcEndpoint(RpcServer server, RpcClient client, ClientCallStats clientStats) {
        this.server = server;
        this.client = client;
        this.clientStats = clientStats;
    }

    @ReadOperation
    public RpcReport rpc() {
        return new RpcReport(server == null ? null : server(server), client == null ? null : client(client));
    }

    private static ServerReport server(RpcServer server) {
        Map<String, List<MethodReport>> methodsByService = new TreeMap<>();
        for (MethodStatsSnapshot stats : server.stats()) {
            methodsByService.computeIfAbsent(stats.serviceKey(), key -> new ArrayList<>()).add(new MethodReport(
                    stats.methodKey(), stats.calls(), stats.errors(), stats.meanMicros(), stats.p99Micros()));
        }
        List<ServiceReport> services = new ArrayList<>();
        for (ExposedService service : server.services()) {
            List<MethodReport> methods = new ArrayList<>(methodsByService.getOrDefault(service.serviceKey(), List.of()));
            methods.sort(Comparator.comparing(MethodReport::method));
            services.add(new ServiceReport(service.serviceKey(), service.serviceInterface().getName(), methods));
        }
        services.sort(Comparator.comparing(ServiceReport::serviceKey));
        boolean running = server.isRunning();
        return new ServerReport(running, running ? server.port() : null, server.callsInFlight(), services);
    }

    private ClientReport client(RpcClient client) {
        List<ReferenceReport> references = new ArrayList<>();
        for (ReferenceConfig<?> reference : client.references()) {
            references.add(new ReferenceReport(ServiceKeys.of(reference.serviceInterface(), reference.version()),
                    reference.serviceInterface().getName(),
                    reference.address() == null ? null : reference.address().toString(),
                    reference.timeout() == null ? null : reference.timeout().toMillis(),
                    reference.codec(), reference.loadBalance(), reference.cluster(), reference.retries()));
        }
        references.sort(Comparator.comparing(ReferenceReport::serviceKey));
        Map<String, List<Endpoint>> reachable = client.reachableEndpoints();
        Map<String, List<InstanceReport>> instances = new TreeMap<>();
        client.knownEndpoints().forEach((serviceKey, endpoints) -> {
            Set<Endpoint> inRotation = Set.copyOf(reachable.getOrDefault(serviceKey, List.of()));
            instances.put(serviceKey, endpoints.stream()
                    .map(endpoint -> new InstanceReport(endpoint.address().toString(), endpoint.weight(),
                            endpoint.metadata(), inRotation.contains(endpoint)))
                    .toList());
        });
        return new ClientReport(references, instances, clientStats == null ? null : clientStats.snapshot());
    }

    /** Everything the endpoint reports; a part is {@code null} when the application has no server or client. */
    public record RpcReport(ServerReport server, ClientReport client) {
    }

    /** The server: whether it listens, on which port, calls in flight, and the services it exposes. */
    public record ServerReport(boolean listening, Integer port, int callsInFlight, List<ServiceReport> services) {
    }

    /** One exposed service and its methods. */
    public record ServiceReport(String serviceKey, String serviceInterface, List<MethodReport> methods) {
    }

    /** One exposed method: calls and errors since start, mean and 99th percentile time in microseconds. */
    public record MethodReport(String method, long calls, long errors, double meanMicros, double p99Micros) {
    }

    /**
     * The client: its references (settings left {@code null} use the client's defaults), the instances known
     * for each service it finds through discovery, and its calls per method.
     */
    public record ClientReport(List<ReferenceReport> references, Map<String, List<InstanceReport>> instances,
                               List<ClientCallStats.MethodCalls> calls) {
    }

    /** One reference, as {@code @RpcReference} configured it. */
    public record ReferenceReport(String serviceKey, String serviceInterface, String address, Long timeoutMs,
                                  String codec, String loadBalance, String cluster, Integer retries) {
    }

    /** One instance of a service as discovery reports it, and whether calls can go to it now. */
    public record InstanceReport(String address, int weight, Map<String, String> metadata, boolean reachable) {
    }
}
