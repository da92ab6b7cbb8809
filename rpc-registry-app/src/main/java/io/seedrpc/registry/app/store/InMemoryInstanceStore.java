package io.seedrpc.registry.app.store;

import io.seedrpc.registry.api.InstanceInfo;
import io.seedrpc.registry.api.InstancesSnapshot;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.registry.api.ServiceCount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An {@link InstanceStore} in this process's memory, lost on restart (providers register again on their next
 * heartbeat). One lock guards everything: operations are short and their rate is that of heartbeats.
 */
public final class InMemoryInstanceStore implements InstanceStore {

    private final int maxInstances;
    private final Map<String, InstanceInfo> byId = new HashMap<>();
    /** Ids of the instances offering each service; a service is absent once no instance offers it. */
    private final Map<String, ServiceState> byService = new TreeMap<>();
    private long lastIndex;

    /** A store that holds at most {@code maxInstances} instances. */
    public InMemoryInstanceStore(int maxInstances) {
        if (maxInstances < 1) {
            throw new IllegalArgumentException("maxInstances must be at least 1, was " + maxInstances);
        }
        this.maxInstances = maxInstances;
    }

    @Override
    public synchronized RegisterOutcome register(RegistryInstance registration, long nowMs) {
        InstanceInfo previous = byId.get(registration.id());
        if (previous == null && byId.size() >= maxInstances) {
            throw new StoreFullException(maxInstances);
        }
        if (previous != null && previous.registration().equals(registration)) {
            byId.put(previous.id(), previous.heardFrom(nowMs));
            return new RegisterOutcome(false, Set.of());
        }
        Set<String> changed = new LinkedHashSet<>(registration.services());
        if (previous != null) {
            changed.addAll(previous.services());
            unlink(previous);
        }
        InstanceInfo instance = InstanceInfo.of(registration, nowMs);
        byId.put(instance.id(), instance);
        for (String service : instance.services()) {
            byService.computeIfAbsent(service, name -> new ServiceState()).ids.add(instance.id());
        }
        touch(changed);
        return new RegisterOutcome(previous == null, changed);
    }

    @Override
    public synchronized boolean heartbeat(String id, long nowMs) {
        InstanceInfo instance = byId.get(id);
        if (instance == null) {
            return false;
        }
        byId.put(id, instance.heardFrom(nowMs));
        return true;
    }

    @Override
    public synchronized Optional<InstanceInfo> remove(String id) {
        InstanceInfo removed = byId.remove(id);
        if (removed == null) {
            return Optional.empty();
        }
        unlink(removed);
        touch(removed.services());
        return Optional.of(removed);
    }

    @Override
    public synchronized List<InstanceInfo> removeHeardBefore(long cutoffMs) {
        List<InstanceInfo> expired = new ArrayList<>();
        for (InstanceInfo instance : byId.values()) {
            if (instance.lastHeartbeatMs() < cutoffMs) {
                expired.add(instance);
            }
        }
        if (expired.isEmpty()) {
            return List.of();
        }
        // One index step for the whole sweep: watchers see one change, not one per expired instance.
        Set<String> changed = new LinkedHashSet<>();
        for (InstanceInfo instance : expired) {
            byId.remove(instance.id());
            unlink(instance);
            changed.addAll(instance.services());
        }
        touch(changed);
        return expired;
    }

    @Override
    public synchronized List<ServiceCount> services() {
        List<ServiceCount> services = new ArrayList<>(byService.size());
        byService.forEach((name, state) -> services.add(new ServiceCount(name, state.ids.size())));
        return services;
    }

    @Override
    public synchronized InstancesSnapshot instances(String service) {
        ServiceState state = byService.get(service);
        if (state == null) {
            return new InstancesSnapshot(0, List.of());
        }
        List<InstanceInfo> instances = new ArrayList<>(state.ids.size());
        for (String id : state.ids) {
            instances.add(byId.get(id));
        }
        return new InstancesSnapshot(state.index, instances);
    }

    @Override
    public synchronized InstancesSnapshot all() {
        return new InstancesSnapshot(lastIndex, new TreeMap<>(byId).values().stream().toList());
    }

    @Override
    public synchronized long index(String service) {
        ServiceState state = byService.get(service);
        return state == null ? 0 : state.index;
    }

    @Override
    public synchronized long index() {
        return lastIndex;
    }

    @Override
    public synchronized int size() {
        return byId.size();
    }

    private void unlink(InstanceInfo instance) {
        for (String service : instance.services()) {
            ServiceState state = byService.get(service);
            state.ids.remove(instance.id());
            if (state.ids.isEmpty()) {
                byService.remove(service);
            }
        }
    }

    private void touch(Iterable<String> services) {
        lastIndex++;
        for (String service : services) {
            ServiceState state = byService.get(service);
            if (state != null) {
                state.index = lastIndex;
            }
        }
    }

    private static final class ServiceState {
        final Set<String> ids = new TreeSet<>();
        long index;
    }
}
