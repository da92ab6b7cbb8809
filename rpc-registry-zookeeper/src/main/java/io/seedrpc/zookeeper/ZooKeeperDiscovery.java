package io.seedrpc.zookeeper;

import io.seedrpc.discovery.Discovery;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.registry.api.RegistryLimits;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery on ZooKeeper: the providers of a service are the instance nodes below
 * {@code /<namespace>/services/<service key>}, which {@link ZooKeeperRegistration} keeps there. Each service
 * subscribed to is followed by one Curator cache, so a provider joining or leaving (or its session expiring)
 * reaches the listeners within moments, with the same whole-list updates as the registry app's discovery.
 *
 * <pre>{@code
 * ZooKeeperConnection zk = ZooKeeperConnection.builder("zk1:2181,zk2:2181,zk3:2181").build().start();
 * RpcClient client = RpcClient.builder().discovery(ZooKeeperDiscovery.builder(zk).build()).build();
 * }</pre>
 *
 * <p>Calls never wait on ZooKeeper: {@link #subscribe} returns at once and the lists arrive in the background.
 * While the ensemble is unreachable the last lists stay in force (logged once per outage) and the caches catch up
 * when it answers again. Thread-safe. The connection stays the caller's; {@link #close()} stops the caches.
 */
public final class ZooKeeperDiscovery implements Discovery {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperDiscovery.class);

    private final ZooKeeperConnection connection;
    private final int maxServices;
    private final int maxInstancesPerService;
    private final InstanceJson instanceJson = new InstanceJson();
    private final Map<String, ServiceCache> caches = new ConcurrentHashMap<>();
    private final ConnectionStateListener outageLog = this::onStateChange;
    private boolean inOutage;

    private ZooKeeperDiscovery(Builder builder) {
        this.connection = builder.connection;
        this.maxServices = builder.maxServices;
        this.maxInstancesPerService = builder.maxInstancesPerService;
        connection.curator().getConnectionStateListenable().addListener(outageLog);
    }

    /** A discovery reading through {@code connection}. */
    public static Builder builder(ZooKeeperConnection connection) {
        return new Builder(connection);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the service key cannot be a ZooKeeper node name
     * @throws IllegalStateException    when this would follow more services than the builder's limit
     */
    @Override
    public Subscription subscribe(String serviceKey, Consumer<List<Endpoint>> listener) {
        Objects.requireNonNull(listener, "listener");
        String path = connection.paths().service(serviceKey);
        ServiceCache cache;
        synchronized (caches) {
            cache = caches.get(serviceKey);
            if (cache == null) {
                if (caches.size() >= maxServices) {
                    throw new IllegalStateException("ZooKeeper discovery already follows " + maxServices
                            + " services, its limit; cannot follow " + serviceKey);
                }
                CuratorFramework curator = connection.curator();
                cache = new ServiceCache(curator, serviceKey, path, instanceJson, maxInstancesPerService);
                caches.put(serviceKey, cache);
                cache.start();
            }
        }
        cache.addListener(listener);
        ServiceCache subscribed = cache;
        return () -> {
            synchronized (caches) {
                if (subscribed.removeListener(listener) && caches.remove(serviceKey, subscribed)) {
                    subscribed.stop();
                }
            }
        };
    }

    @Override
    public String describe() {
        return connection.describe();
    }

    /** How many services are followed now. */
    public int followedServices() {
        return caches.size();
    }

    /** Stops every cache. The connection stays open. */
    @Override
    public void close() {
        connection.curator().getConnectionStateListenable().removeListener(outageLog);
        synchronized (caches) {
            caches.values().forEach(ServiceCache::stop);
            caches.clear();
        }
    }

    private void onStateChange(CuratorFramework client, ConnectionState state) {
        synchronized (caches) {
            if ((state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) && !inOutage) {
                inOutage = true;
                int instances = caches.values().stream().mapToInt(ServiceCache::size).sum();
                log.warn("ZooKeeper {} is unreachable; keeping the last known {} instances of {} services until it "
                        + "answers", connection.describe(), instances, caches.size());
            } else if (state.isConnected() && inOutage) {
                inOutage = false;
                log.info("ZooKeeper {} answers again; catching up on changes", connection.describe());
            }
        }
    }

    /** Settings of a {@link ZooKeeperDiscovery}. */
    public static final class Builder {

        private final ZooKeeperConnection connection;
        private int maxServices = 1024;
        private int maxInstancesPerService = RegistryLimits.DEFAULT_MAX_INSTANCES;

        private Builder(ZooKeeperConnection connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
        }

        /** The most services followed at once (each holds one cache and one watch); 1024 by default. */
        public Builder maxServices(int maxServices) {
            if (maxServices < 1) {
                throw new IllegalArgumentException("maxServices must be at least 1, was " + maxServices);
            }
            this.maxServices = maxServices;
            return this;
        }

        /**
         * The most instances of one service handed to the client; past it, the first by instance id are used and
         * the excess is logged once. 10 000 by default, the registry app's limit for all services together.
         */
        public Builder maxInstancesPerService(int maxInstancesPerService) {
            if (maxInstancesPerService < 1) {
                throw new IllegalArgumentException("maxInstancesPerService must be at least 1, was "
                        + maxInstancesPerService);
            }
            this.maxInstancesPerService = maxInstancesPerService;
            return this;
        }

        public ZooKeeperDiscovery build() {
            return new ZooKeeperDiscovery(this);
        }
    }
}
