package io.seedrpc.server;

import io.seedrpc.Deadline;
import io.seedrpc.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls a server has started and not yet ended: counted so that closing can wait for them, and each one's end
 * told to the {@link CallListener}s. Thread-safe.
 */
final class CallsInFlight {

    private static final Logger log = LoggerFactory.getLogger(CallsInFlight.class);

    private final List<CallListener> listeners;
    private final AtomicInteger count = new AtomicInteger();
    private final Object drainLock = new Object();
    private volatile boolean draining;

    CallsInFlight(List<CallListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void started() {
        count.incrementAndGet();
    }

    /** A call ended (answered, timed out or cancelled); called once per {@link #started()} call. */
    void ended(ServerMethod method, StatusCode status, long elapsedNanos) {
        for (CallListener listener : listeners) {
            try {
                listener.onCallFinished(method.serviceKey(), method.descriptor().key(), status, elapsedNanos);
            } catch (RuntimeException e) {
                log.warn("Call listener {} failed", listener, e);
            }
        }
        if (count.decrementAndGet() == 0 && draining) {
            synchronized (drainLock) {
                drainLock.notifyAll();
            }
        }
    }

    int count() {
        return count.get();
    }

    /** Whether {@link #drain} was called: new calls are refused. */
    boolean isDraining() {
        return draining;
    }

    /**
     * Refuses new calls from now on and waits up to {@code timeout} for the calls in flight to end.
     *
     * @return whether every call ended in time
     */
    boolean drain(Duration timeout) throws InterruptedException {
        draining = true;
        Deadline deadline = Deadline.after(timeout);
        synchronized (drainLock) {
            while (count.get() > 0) {
                if (deadline.isExpired()) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(drainLock, deadline.remainingNanos());
            }
        }
        return true;
    }
}
