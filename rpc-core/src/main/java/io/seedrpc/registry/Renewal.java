package io.seedrpc.registry;

import io.seedrpc.internal.Backoff;
import io.seedrpc.registry.api.RegistryInstance;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one instance registered with one registry: registers, heartbeats every interval, registers again when
 * the registry has forgotten the instance, and backs off while the registry cannot be reached.
 *
 * <p>Attempts form a chain: each one schedules the next when its request completes, so at most one request is
 * in flight and the loop cannot die of an exception — every outcome schedules a next attempt until
 * {@link #stop()}. The fields the chain alone touches need no lock, as each attempt happens-after the previous
 * one through the scheduler.
 */
final class Renewal {

    private static final Logger log = LoggerFactory.getLogger(Renewal.class);

    private final RegistryClient client;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final Backoff backoff;
    private final Object lock = new Object();

    /** What to register; carries the registry's id once it granted one, so that re-registrations keep it. */
    private volatile RegistryInstance instance;
    private volatile boolean registered;
    /** Whether any registration succeeded, so that there is something to deregister. */
    private volatile boolean everRegistered;
    private int failures;
    private boolean ttlChecked;

    // Guarded by lock: whether stopped, the next scheduled attempt and the request in flight.
    private boolean stopped;
    private ScheduledFuture<?> next;
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    Renewal(RegistryClient client, RegistryInstance instance, ScheduledExecutorService scheduler,
            Duration interval, Backoff backoff) {
        this.client = client;
        this.instance = instance;
        this.scheduler = scheduler;
        this.interval = interval;
        this.backoff = backoff;
    }

    /** Registers now, then keeps the registration alive until {@link #stop()}. */
    void start() {
        schedule(Duration.ZERO);
    }

    /**
     * Stops the chain, lets a request in flight finish, then deregisters if the registry ever granted an id.
     * The future never fails; it completes once the registry answered or the request failed or timed out.
     */
    CompletableFuture<Void> stop() {
        CompletableFuture<Void> pending;
        synchronized (lock) {
            stopped = true;
            if (next != null) {
                next.cancel(false);
            }
            pending = inFlight;
        }
        return pending.thenCompose(ignored -> deregister());
    }

    /** The id the registry knows this instance by, or {@code null} before the first successful registration. */
    String registeredId() {
        return registered ? instance.id() : null;
    }

    private CompletableFuture<Void> deregister() {
        String id = instance.id();
        if (!everRegistered) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> call;
        try {
            call = client.deregister(id);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((ignored, failure) -> {
            if (failure == null) {
                log.info("deregistered {} from {}", id, client.baseUri());
            } else {
                log.warn("could not deregister {} from {}; it will drop the instance once its TTL passes: {}",
                        id, client.baseUri(), rootMessage(failure));
            }
            return null;
        });
    }

    private void attempt() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            CompletableFuture<Duration> call;
            try {
                call = registered ? heartbeat() : register();
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            inFlight = call.handle((delay, failure) -> {
                try {
                    schedule(failure == null ? delay : failed(failure));
                } catch (RuntimeException e) {
                    // Nothing may end the chain but stop(): log whatever went wrong and keep going.
                    log.error("heartbeat to {} hit an unexpected error; retrying", client.baseUri(), e);
                    schedule(interval);
                }
                return null;
            });
        }
    }

    private CompletableFuture<Duration> register() {
        return client.register(instance).thenApply(lease -> {
            instance = instance.withId(lease.id());
            registered = true;
            everRegistered = true;
            recovered();
            log.info("registered {} at {}:{} with {} ({} entry, TTL {} ms)", lease.id(), instance.host(),
                    instance.port(), client.baseUri(), lease.created() ? "new" : "refreshed", lease.ttl().toMillis());
            if (!ttlChecked && interval.multipliedBy(2).compareTo(lease.ttl()) > 0) {
                log.warn("heartbeat interval {} ms is more than half the TTL {} ms of {}: one late heartbeat will "
                        + "get the instance evicted", interval.toMillis(), lease.ttl().toMillis(), client.baseUri());
            }
            ttlChecked = true;
            return interval;
        });
    }

    private CompletableFuture<Duration> heartbeat() {
        return client.heartbeat(instance.id()).thenApply(known -> {
            recovered();
            if (known) {
                return interval;
            }
            log.info("{} no longer knows {} (it restarted or evicted it); registering again", client.baseUri(),
                    instance.id());
            registered = false;
            return Duration.ZERO;
        });
    }

    private void recovered() {
        if (failures > 0) {
            log.info("{} is reachable again after {} failed attempt(s)", client.baseUri(), failures);
            failures = 0;
        }
    }

    private Duration failed(Throwable failure) {
        failures++;
        Duration delay = backoff.delay(failures, ThreadLocalRandom.current().nextDouble());
        if (failures == 1) {
            // Once per outage: a registry down for an hour must not fill the log.
            log.warn("cannot {} {} with {}: {}; retrying with backoff up to {} ms, quietly until it recovers",
                    registered ? "heartbeat" : "register", instance.id() == null ? "instance" : instance.id(),
                    client.baseUri(), rootMessage(failure), backoff.max().toMillis());
        } else {
            log.debug("attempt {} with {} failed; next in {} ms", failures, client.baseUri(), delay.toMillis(),
                    failure);
        }
        return delay;
    }

    private void schedule(Duration delay) {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            try {
                next = scheduler.schedule(this::attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                log.warn("the heartbeat scheduler was shut down before the heartbeat sender was closed; "
                        + "heartbeats to {} stop", client.baseUri());
                stopped = true;
            }
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof RegistryException)) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause);
    }
}
