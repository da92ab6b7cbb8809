package io.seedrpc.spring.registry;

import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.registry.api.RegistryLimits;
import io.seedrpc.spring.server.ExportedService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a server registers, whatever the registry: one instance per distinct {@code @RpcService} weight (a
 * registry knows one weight per instance); only when there are several do they need explicit ids.
 */
public final class ServerInstances {

    private ServerInstances() {
    }

    /** The instances of a server reachable at {@code advertiseHost:port} serving {@code services}. */
    public static List<RegistryInstance> of(String advertiseHost, int port, List<ExportedService> services) {
        Map<Integer, List<String>> keysByWeight = new TreeMap<>();
        for (ExportedService service : services) {
            keysByWeight.computeIfAbsent(service.weight(), w -> new ArrayList<>()).add(service.serviceKey());
        }
        // Characters an id may not hold become '-', so that any advertised host gives a valid id.
        String notInId = "[^" + RegistryLimits.ID_CHARACTERS + "]";
        Function<Integer, String> id = keysByWeight.size() == 1 ? weight -> null
                : weight -> (advertiseHost + ":" + port + "@w" + weight).replaceAll(notInId, "-");
        List<RegistryInstance> instances = new ArrayList<>();
        keysByWeight.forEach((weight, keys) ->
                instances.add(new RegistryInstance(id.apply(weight), advertiseHost, port, keys, weight, Map.of())));
        return instances;
    }
}
