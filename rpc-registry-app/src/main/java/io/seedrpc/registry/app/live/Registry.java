package io.seedrpc.registry.app.live;

import io.seedrpc.registry.api.InstanceInfo;
import io.seedrpc.registry.api.InstancesSnapshot;
import io.seedrpc.registry.api.RegistryInstance;
import io.seedrpc.registry.api.ServiceCount;
import io.seedrpc.registry.app.store.InstanceStore;
import io.seedrpc.registry.app.store.RegisterOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's behaviour over its {@link InstanceStore}: changes wake the watchers of the services they touch,
 * expired instances are evicted, and blocking queries wait for the next change. Thread-safe.
 */
public final class Registry {

    private static final Logger log = LoggerFactory.getLogger(Registry.class);

    private final InstanceStore store;
    private final ServiceWatches watches;
    private final Clock clock;
    private final Duration ttl;

    /**
     * @param ttl how long an instance stays without a heartbeat before {@link #evictExpired()} removes it
     */
    public Registry(InstanceStore store, ServiceWatches watches, Clock clock, Duration ttl) {
        this.store = store;
        this.watches = watches;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The TTL applied to every instance. */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Registers or refreshes an instance.
     *
     * @throws io.seedrpc.registry.app.store.StoreFullException when it is new and the registry is full
     */
    public RegisterOutcome register(RegistryInstance registration) {
        RegisterOutcome outcome = store.register(registration, clock.millis());
        if (outcome.created()) {
            log.info("registered {} at {}:{} offering {}", registration.id(), registration.host(),
                    registration.port(), registration.services());
        } else if (!outcome.changedServices().isEmpty()) {
            log.info("re-registered {} at {}:{} offering {}", registration.id(), registration.host(),
                    registration.port(), registration.services());
        }
        watches.changed(outcome.changedServices());
        return outcome;
    }

    /** Renews the instance's lease; {@code false} when the id is unknown. */
    public boolean heartbeat(String id) {
        return store.heartbeat(id, clock.millis());
    }

    /** Removes the instance; {@code false} when the id was unknown. */
    public boolean deregister(String id) {
        Optional<InstanceInfo> removed = store.remove(id);
        removed.ifPresent(instance -> {
            log.info("deregistered {} at {}:{}", instance.id(), instance.host(), instance.port());
            watches.changed(Set.copyOf(instance.services()));
        });
        return removed.isPresent();
    }

    /** Removes every instance not heard from within the TTL, and returns how many there were. */
    public int evictExpired() {
        long now = clock.millis();
        List<InstanceInfo> evicted = store.removeHeardBefore(now - ttl.toMillis());
        Set<String> changed = new HashSet<>();
        for (InstanceInfo instance : evicted) {
            log.info("evicted {} at {}:{}: no heartbeat for {} ms", instance.id(), instance.host(),
                    instance.port(), now - instance.lastHeartbeatMs());
            changed.addAll(instance.services());
        }
        watches.changed(changed);
        return evicted.size();
    }

    /** Every service with its live instance count, sorted by name. */
    public List<ServiceCount> services() {
        return store.services();
    }

    /** The instances of {@code service} now. */
    public InstancesSnapshot instances(String service) {
        return store.instances(service);
    }

    /** Every instance now. */
    public InstancesSnapshot all() {
        return store.all();
    }

    /**
     * A blocking query: completes with the instances of {@code service} (of every service when {@code null}) as
     * soon as its index differs from {@code index} — at once if it already does — or, unchanged, after
     * {@code wait}. Cancelling the future stops the wait.
     */
    public CompletableFuture<InstancesSnapshot> watch(String service, long index, Duration wait) {
        // Wait first, look second: a change between the two then completes the waiter instead of being missed.
        CompletableFuture<Void> change = watches.await(service, wait);
        long current = service == null ? store.index() : store.index(service);
        if (current != index) {
            change.cancel(false);
            return CompletableFuture.completedFuture(snapshot(service));
        }
        CompletableFuture<InstancesSnapshot> result = change.thenApply(ignored -> snapshot(service));
        // Cancelling the returned future must also let go of the waiter.
        result.whenComplete((snapshot, failure) -> change.cancel(false));
        return result;
    }

    private InstancesSnapshot snapshot(String service) {
        return service == null ? store.all() : store.instances(service);
    }
}
