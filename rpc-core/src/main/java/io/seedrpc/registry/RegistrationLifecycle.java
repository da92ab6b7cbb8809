package io.seedrpc.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every registration of a provider instance shares, whatever the registry ({@link HeartbeatSender}, the
 * ZooKeeper module's registration): it starts once, closes once, and closing waits a bounded time for the
 * deregistration, since a registry that does not answer drops the instance anyway (once its TTL passes, or its
 * session ends). Thread-safe.
 */
public final class RegistrationLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RegistrationLifecycle.class);

    private final String name;
    private final Duration closeTimeout;
    private boolean started;
    private boolean closed;

    /**
     * @param name         what is registering, for messages: {@code "heartbeat sender"}
     * @param closeTimeout how long {@link #close} waits for the deregistration
     */
    public RegistrationLifecycle(String name, Duration closeTimeout) {
        this.name = Objects.requireNonNull(name, "name");
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
    }

    /**
     * Runs {@code start} once, under the lifecycle's lock so that a concurrent {@link #close} waits for it; it must
     * not block.
     *
     * @throws IllegalStateException when already started or closed
     */
    public synchronized void start(Runnable start) {
        if (closed || started) {
            throw new IllegalStateException(closed ? name + " is closed" : name + " already started");
        }
        started = true;
        start.run();
    }

    /**
     * Closes once: the first call deregisters, if started, and waits at most the close timeout for the future
     * {@code deregister} returns; a deregistration that fails or does not finish in time is logged with
     * {@code otherwise}. Later calls return at once.
     *
     * @param deregister starts deregistering, in the background
     * @param otherwise  what becomes of the instance when deregistering does not finish, for the log: {@code
     *                   "registries drop the instance once its TTL passes"}
     * @return whether this call closed it (the caller releases its own resources then)
     */
    public boolean close(Supplier<CompletableFuture<?>> deregister, String otherwise) {
        boolean wasStarted;
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
            wasStarted = started;
        }
        if (wasStarted) {
            await(deregister.get(), otherwise);
        }
        return true;
    }

    private void await(CompletableFuture<?> deregistered, String otherwise) {
        try {
            deregistered.get(closeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.warn("{}: deregistering did not finish within {} ms; {}", name, closeTimeout.toMillis(), otherwise);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.warn("{}: deregistering failed; {}", name, otherwise, e.getCause());
        }
    }
}
