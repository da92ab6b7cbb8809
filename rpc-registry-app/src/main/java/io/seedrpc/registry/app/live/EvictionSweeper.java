package io.seedrpc.registry.app.live;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Evicts expired instances every sweep interval, on the registry's timer, from start to stop of the
 * application. A failed sweep is logged and the next one runs as planned.
 */
public final class EvictionSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EvictionSweeper.class);

    private final Registry registry;
    private final ScheduledExecutorService timer;
    private final Duration interval;
    private ScheduledFuture<?> sweeps;

    /** Sweeps {@code registry} every {@code interval} on {@code timer}, which the caller owns. */
    public EvictionSweeper(Registry registry, ScheduledExecutorService timer, Duration interval) {
        this.registry = registry;
        this.timer = timer;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (sweeps == null) {
            long nanos = interval.toNanos();
            sweeps = timer.scheduleWithFixedDelay(this::sweep, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (sweeps != null) {
            sweeps.cancel(false);
            sweeps = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sweeps != null;
    }

    private void sweep() {
        try {
            registry.evictExpired();
        } catch (RuntimeException e) {
            // An exception would cancel the periodic task for good: log it and keep sweeping.
            log.error("eviction sweep failed; the next one runs in {}", interval, e);
        }
    }
}
