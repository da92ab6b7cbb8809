package io.seedrpc.spring.discovery;

import io.seedrpc.discovery.Discovery;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.discovery.StaticDiscovery;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds the services of a fixed list in that list, and every other service through another discovery (a
 * registry): {@code rpc.client.providers} next to {@code rpc.registry.addresses}. Closing it closes the other
 * discovery. Thread-safe.
 */
public final class StaticFirstDiscovery implements Discovery {

    private final StaticDiscovery listed;
    private final Set<String> listedKeys;
    private final Discovery others;

    /**
     * @param listed     the fixed list
     * @param listedKeys the service keys {@code listed} has entries for
     * @param others     where every other service is looked up
     */
    public StaticFirstDiscovery(StaticDiscovery listed, Set<String> listedKeys, Discovery others) {
        this.listed = listed;
        this.listedKeys = Set.copyOf(listedKeys);
        this.others = others;
    }

    @Override
    public Subscription subscribe(String serviceKey, Consumer<List<Endpoint>> listener) {
        return listedKeys.contains(serviceKey) ? listed.subscribe(serviceKey, listener)
                : others.subscribe(serviceKey, listener);
    }

    @Override
    public String describe() {
        return "static list for " + listedKeys.stream().sorted().toList() + ", else " + others.describe();
    }

    @Override
    public void close() {
        others.close();
    }
}
