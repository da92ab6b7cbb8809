package io.seedrpc.registry;

import io.seedrpc.Address;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.discovery.EndpointListeners;
import io.seedrpc.internal.Backoff;
import io.seedrpc.registry.api.InstancesSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows one service on the registries: fetches its list, then parks a blocking query that returns as soon as
 * the list changes, and repeats. On failure it moves to the next registry and retries with backoff, keeping
 * the last list it knew (an unreachable registry must not make every provider look dead); the outage is logged
 * once when it starts and once when it ends. Runs one request at a time, so listeners are never called
 * concurrently.
 */
final class ServiceWatch {

    private static final Logger log = LoggerFactory.getLogger(ServiceWatch.class);

    private final String serviceKey;
    private final List<RegistryClient> registries;
    private final ScheduledExecutorService scheduler;
    private final Duration wait;
    private final Backoff backoff;
    private final EndpointListeners listeners = new EndpointListeners();
    private long index = -1;
    private int registry;
    private int failures;
    private volatile boolean stopped;

    ServiceWatch(String serviceKey, List<RegistryClient> registries, ScheduledExecutorService scheduler,
                 Duration wait, Backoff backoff) {
        this.serviceKey = serviceKey;
        this.registries = registries;
        this.scheduler = scheduler;
        this.wait = wait;
        this.backoff = backoff;
    }

    void start() {
        poll();
    }

    /** Adds a listener, and hands it the current list if one is known. */
    void addListener(Consumer<List<Endpoint>> listener) {
        listeners.add(listener);
    }

    /** Removes a listener; returns whether none is left. */
    boolean removeListener(Consumer<List<Endpoint>> listener) {
        return listeners.remove(listener);
    }

    void stop() {
        stopped = true;
    }

    private void poll() {
        if (stopped) {
            return;
        }
        RegistryClient client = registries.get(registry);
        var request = index < 0 ? client.instances(serviceKey) : client.watch(serviceKey, index, wait);
        request.whenComplete((snapshot, failure) -> {
            if (failure != null) {
                onFailure(client, failure);
            } else {
                onSnapshot(client, snapshot);
                poll();
            }
        });
    }

    private void onSnapshot(RegistryClient client, InstancesSnapshot snapshot) {
        if (failures > 0) {
            log.info("Registry {} answers again; following {} there", client.baseUri(), serviceKey);
            failures = 0;
        }
        List<Endpoint> fresh = snapshot.instances().stream()
                .map(i -> new Endpoint(Address.tcp(i.host(), i.port()), i.weight(), i.metadata()))
                .toList();
        index = snapshot.index();
        if (!stopped) {
            listeners.publish(fresh);
        }
    }

    private void onFailure(RegistryClient client, Throwable failure) {
        if (stopped) {
            return;
        }
        failures++;
        if (failures == 1) {
            log.warn("Cannot reach registry {} for {} ({}); keeping the last known list of {} instances and "
                    + "retrying", client.baseUri(), serviceKey, failure.getMessage(), listeners.size());
            index = -1;
        }
        registry = (registry + 1) % registries.size();
        Duration delay = backoff.delay(failures, ThreadLocalRandom.current().nextDouble());
        try {
            scheduler.schedule(this::poll, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            stopped = true;
        }
    }
}
