package io.seedrpc.registry.app.live;

import org.springframework.context.SmartLifecycle;

/**
 * Answers every parked blocking query when the application stops. It stops in the default (last-started,
 * first-stopped) phase, before the web server's graceful shutdown, which would otherwise wait for those
 * queries to run out their wait. The answers are then written before the connections close (the web package's
 * {@code ResponseDrain}).
 */
public final class WatchRelease implements SmartLifecycle {

    private final ServiceWatches watches;
    private volatile boolean running;

    public WatchRelease(ServiceWatches watches) {
        this.watches = watches;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        watches.releaseAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
