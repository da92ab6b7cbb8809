package io.seedrpc.client;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes the connections nobody has used for the client's {@code unusedConnectionTimeout}, so a client that
 * called a server once does not hold its connection for ever. Not to be confused with a server closing a
 * connection that has gone silent: a connection the client pings is never silent, yet may be unused. Runs on
 * the client's scheduler; {@link #close()} stops it.
 */
final class UnusedConnectionSweeper implements AutoCloseable {

    private final ScheduledFuture<?> sweep;

    UnusedConnectionSweeper(ConnectionCache connections, Duration unusedFor, ScheduledExecutorService scheduler) {
        long unusedNanos = unusedFor.toNanos();
        // Half the timeout between sweeps: a connection closes at most one and a half timeouts after its last use.
        long periodMillis = Math.max(100, Math.min(unusedFor.toMillis() / 2, 30_000));
        this.sweep = scheduler.scheduleWithFixedDelay(() -> connections.closeUnused(unusedNanos), periodMillis,
                periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        sweep.cancel(false);
    }
}
