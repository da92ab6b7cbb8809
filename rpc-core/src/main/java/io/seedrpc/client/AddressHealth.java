package io.seedrpc.client;

import io.seedrpc.Address;
import io.seedrpc.internal.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Which addresses are in rotation. An address whose connect fails or whose connection drops leaves rotation at
 * once — cluster invokers hear of it through a {@link Listener} before any registry notices — and is probed again
 * with {@link #PROBE_BACKOFF} for as long as some invoker still wants it ({@link #retain}). Probes run on the
 * client's scheduler. Thread-safe: health changes are rare (connects, drops, discovery changes), so one lock
 * guards every address.
 */
final class AddressHealth implements AutoCloseable {

    /** Probes from 100 ms up to 5 s apart. */
    static final Backoff PROBE_BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    private static final Logger log = LoggerFactory.getLogger(AddressHealth.class);

    /** Hears when an address goes out of rotation or comes back. Called from scheduler or I/O threads; keep it short. */
    @FunctionalInterface
    interface Listener {
        void onHealthChanged(Address address, boolean reachable);
    }

    /** One address that is out of rotation or that invokers want probed. Guarded by the {@code AddressHealth}. */
    private static final class State {
        int interest;
        boolean ejected;
        int consecutiveFailures;
        /** Opens a connection again; set by the last failure. */
        Runnable reprobe;
        ScheduledFuture<?> probe;
    }

    private final ScheduledExecutorService scheduler;
    private final Map<Address, State> states = new HashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private boolean closed;

    AddressHealth(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Whether {@code address} is in rotation: not known to have failed since its last success. */
    synchronized boolean isReachable(Address address) {
        State state = states.get(address);
        return state == null || !state.ejected;
    }

    /**
     * Takes {@code address} out of rotation; while someone retains it, {@code reprobe} is run with backoff until
     * a connection opens. An orderly shutdown ({@code expected}) is logged at INFO, anything else at WARN.
     */
    void markFailed(Address address, String reason, boolean expected, Runnable reprobe) {
        boolean newlyEjected;
        synchronized (this) {
            State state = states.computeIfAbsent(address, a -> new State());
            newlyEjected = !state.ejected;
            state.ejected = true;
            state.consecutiveFailures++;
            state.reprobe = reprobe;
            scheduleProbe(address, state);
        }
        if (newlyEjected) {
            if (expected) {
                log.info("Taking {} out of rotation: {}", address, reason);
            } else {
                log.warn("Taking {} out of rotation: {}", address, reason);
            }
            listeners.forEach(listener -> listener.onHealthChanged(address, false));
        }
    }

    /** Puts {@code address} back in rotation: a connection to it opened. */
    void markReachable(Address address) {
        boolean restored;
        synchronized (this) {
            State state = states.get(address);
            if (state == null) {
                return;
            }
            restored = state.ejected;
            state.ejected = false;
            state.consecutiveFailures = 0;
            state.reprobe = null;
            cancelProbe(state);
            if (state.interest == 0) {
                states.remove(address);
            }
        }
        if (restored) {
            log.info("{} is reachable again; back in rotation", address);
            listeners.forEach(listener -> listener.onHealthChanged(address, true));
        }
    }

    /** Keeps {@code address} probed while it is out of rotation; pair with {@link #release}. */
    synchronized void retain(Address address) {
        State state = states.computeIfAbsent(address, a -> new State());
        state.interest++;
        if (state.ejected) {
            scheduleProbe(address, state);
        }
    }

    /** Undoes one {@link #retain}; an address nobody retains is no longer probed. */
    synchronized void release(Address address) {
        State state = states.get(address);
        if (state == null || --state.interest > 0) {
            return;
        }
        state.interest = 0;
        cancelProbe(state);
        if (!state.ejected) {
            states.remove(address);
        }
    }

    /** Registers {@code listener}; closing the returned handle removes it. */
    AutoCloseable addListener(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Guarded by {@code this}. */
    private void scheduleProbe(Address address, State state) {
        if (closed || state.probe != null || state.interest == 0) {
            return;
        }
        Duration delay = PROBE_BACKOFF.delay(state.consecutiveFailures, ThreadLocalRandom.current().nextDouble());
        try {
            state.probe = scheduler.schedule(() -> probe(address), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            state.probe = null;
        }
    }

    /** Guarded by {@code this}. */
    private static void cancelProbe(State state) {
        if (state.probe != null) {
            state.probe.cancel(false);
            state.probe = null;
        }
    }

    private void probe(Address address) {
        Runnable reprobe;
        synchronized (this) {
            State state = states.get(address);
            if (state == null) {
                return;
            }
            state.probe = null;
            if (closed || !state.ejected || state.interest == 0 || state.reprobe == null) {
                return;
            }
            reprobe = state.reprobe;
        }
        // Outside the lock: a connect that fails at once reports back here on this thread.
        log.debug("Probing {}", address);
        reprobe.run();
    }

    /** Stops probing; the scheduler belongs to the client. */
    @Override
    public synchronized void close() {
        closed = true;
        states.values().forEach(AddressHealth::cancelProbe);
    }
}
