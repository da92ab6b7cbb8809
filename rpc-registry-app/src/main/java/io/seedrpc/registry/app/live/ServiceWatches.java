package io.seedrpc.registry.app.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The blocking queries waiting for a change: each is a future, not a parked thread, and is completed either by
 * {@link #changed} for its service or by its own timeout on the shared scheduler.
 *
 * <p>Thread-safe. Futures are completed outside the lock, on the thread that reported the change or on the
 * scheduler's thread, so what callers chain onto them must be quick.
 */
public final class ServiceWatches {

    private final ScheduledExecutorService timer;
    private final int maxWaiting;
    private int waiting;
    private final Map<String, Set<CompletableFuture<Void>>> byService = new HashMap<>();
    private final Set<CompletableFuture<Void>> anyService = new HashSet<>();
    private boolean released;

    /**
     * Watches whose timeouts run on {@code timer}, which the caller owns, with at most {@code maxWaiting} queries
     * parked at once.
     */
    public ServiceWatches(ScheduledExecutorService timer, int maxWaiting) {
        this.timer = timer;
        this.maxWaiting = maxWaiting;
    }

    /**
     * A future completed at the next change of {@code service} (of any service when {@code null}) or when
     * {@code wait} has passed, whichever comes first. Cancel it to stop waiting; it is forgotten either way.
     *
     * @throws TooManyWatchersException when {@code maxWaiting} queries are parked already
     */
    public CompletableFuture<Void> await(String service, Duration wait) {
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        synchronized (this) {
            if (released) {
                waiter.complete(null);
                return waiter;
            }
            if (waiting >= maxWaiting) {
                throw new TooManyWatchersException(maxWaiting);
            }
            waitersOf(service, true).add(waiter);
            waiting++;
        }
        ScheduledFuture<?> timeout = timer.schedule(() -> waiter.complete(null), wait.toNanos(), TimeUnit.NANOSECONDS);
        waiter.whenComplete((ignored, failure) -> {
            timeout.cancel(false);
            forget(service, waiter);
        });
        return waiter;
    }

    /** Wakes everyone waiting on one of {@code services}, and everyone waiting on any service. */
    public void changed(Set<String> services) {
        if (services.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> woken = new ArrayList<>();
        synchronized (this) {
            for (String service : services) {
                Set<CompletableFuture<Void>> waiters = byService.remove(service);
                if (waiters != null) {
                    woken.addAll(waiters);
                }
            }
            woken.addAll(anyService);
            anyService.clear();
        }
        woken.forEach(waiter -> waiter.complete(null));
    }

    /**
     * Wakes every waiting query and lets new ones answer at once from now on: the registry is shutting down, and
     * a parked query would otherwise hold the server's graceful shutdown for the rest of its wait.
     */
    public void releaseAll() {
        List<CompletableFuture<Void>> woken = new ArrayList<>();
        synchronized (this) {
            released = true;
            byService.values().forEach(woken::addAll);
            byService.clear();
            woken.addAll(anyService);
            anyService.clear();
        }
        woken.forEach(waiter -> waiter.complete(null));
    }

    /** How many queries are waiting now. */
    public synchronized int waiting() {
        return waiting;
    }

    private synchronized void forget(String service, CompletableFuture<Void> waiter) {
        waiting--;
        Set<CompletableFuture<Void>> waiters = waitersOf(service, false);
        if (waiters != null) {
            waiters.remove(waiter);
            if (waiters.isEmpty() && service != null) {
                byService.remove(service);
            }
        }
    }

    private Set<CompletableFuture<Void>> waitersOf(String service, boolean create) {
        if (service == null) {
            return anyService;
        }
        return create ? byService.computeIfAbsent(service, name -> new HashSet<>()) : byService.get(service);
    }
}
