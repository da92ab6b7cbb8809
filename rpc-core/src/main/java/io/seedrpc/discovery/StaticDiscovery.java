package io.seedrpc.discovery;

import io.seedrpc.Address;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A hand-maintained list of endpoints per service: from configuration (addresses known in advance), or updated
 * by code with {@link #update}, which every subscriber hears of at once. Thread-safe.
 */
public final class StaticDiscovery implements Discovery {

    private final Map<String, ServiceEntry> services = new ConcurrentHashMap<>();

    /** Lists {@code serviceKey} at each of {@code addresses} (written {@code tcp://host:port}). */
    public StaticDiscovery add(String serviceKey, String... addresses) {
        List<Endpoint> endpoints = new ArrayList<>(entry(serviceKey).endpoints);
        Arrays.stream(addresses).map(a -> Endpoint.of(Address.parse(a))).forEach(endpoints::add);
        update(serviceKey, endpoints);
        return this;
    }

    /** Replaces the endpoints of {@code serviceKey} and tells every subscriber. */
    public void update(String serviceKey, List<Endpoint> endpoints) {
        ServiceEntry entry = entry(serviceKey);
        synchronized (entry) {
            entry.endpoints = List.copyOf(endpoints);
            entry.listeners.forEach(listener -> listener.accept(entry.endpoints));
        }
    }

    @Override
    public Subscription subscribe(String serviceKey, Consumer<List<Endpoint>> listener) {
        ServiceEntry entry = entry(serviceKey);
        synchronized (entry) {
            entry.listeners.add(listener);
            listener.accept(entry.endpoints);
        }
        return () -> entry.listeners.remove(listener);
    }

    private ServiceEntry entry(String serviceKey) {
        return services.computeIfAbsent(serviceKey, k -> new ServiceEntry());
    }

    @Override
    public String describe() {
        return "static list";
    }

    private static final class ServiceEntry {
        private volatile List<Endpoint> endpoints = List.of();
        private final List<Consumer<List<Endpoint>>> listeners = new CopyOnWriteArrayList<>();
    }
}
