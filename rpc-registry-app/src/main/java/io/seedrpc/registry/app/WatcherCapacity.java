package io.seedrpc.registry.app;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The rule that keeps parked blocking queries from locking heartbeats out. Each parked query holds one of
 * Tomcat's connections (not a thread: it is answered asynchronously), and past {@code server.tomcat.max-connections}
 * Tomcat accepts no connection at all, so a registry whose watcher limit reaches that number can be filled with
 * queries until no provider can renew its lease, and every provider is evicted one TTL later. The watcher limit
 * must therefore leave a quarter of the connections, and at least {@value #MIN_FREE_CONNECTIONS}, for writes.
 */
final class WatcherCapacity {

    /** Tomcat's own default for {@code server.tomcat.max-connections}. */
    static final int TOMCAT_DEFAULT_MAX_CONNECTIONS = 8192;

    /** The fewest connections always left for heartbeats, registrations and plain reads. */
    static final int MIN_FREE_CONNECTIONS = 16;

    private WatcherCapacity() {
    }

    /** {@code server.tomcat.max-connections} as configured, else Tomcat's default. */
    static int maxConnections(Environment environment) {
        return Binder.get(environment).bind("server.tomcat.max-connections", Integer.class)
                .orElse(TOMCAT_DEFAULT_MAX_CONNECTIONS);
    }

    /** The most watchers {@code maxConnections} connections leave room for. */
    static int maxWatchersFor(int maxConnections) {
        return maxConnections - Math.max(MIN_FREE_CONNECTIONS, maxConnections / 4);
    }

    /**
     * @throws IllegalStateException naming both properties and the largest watcher limit that fits, when
     *                               {@code maxWatchers} leaves too few connections for writes
     */
    static void check(int maxWatchers, int maxConnections) {
        int allowed = maxWatchersFor(maxConnections);
        if (maxWatchers > allowed) {
            throw new IllegalStateException("rpc.registry.limits.max-watchers=" + maxWatchers + " leaves too few "
                    + "connections for heartbeats and registrations: Tomcat accepts at most "
                    + "server.tomcat.max-connections=" + maxConnections + " connections, every parked blocking "
                    + "query holds one, and " + (maxConnections - allowed) + " must stay free for writes. Set "
                    + "rpc.registry.limits.max-watchers to at most " + Math.max(allowed, 0)
                    + " or raise server.tomcat.max-connections");
        }
    }
}
