package io.seedrpc.zookeeper;

import io.seedrpc.discovery.Endpoint;
import io.seedrpc.discovery.EndpointListeners;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one service's node with Curator's {@link CuratorCache}: once the cache has loaded, the listeners get
 * the instances below the node, and the whole new list after every change. The cache keeps what it has while the
 * ensemble is unreachable and catches up when it answers again, so the last list stays in force meanwhile.
 * Listeners are called one at a time, never on a caller's thread.
 */
final class ServiceCache {

    private static final Logger log = LoggerFactory.getLogger(ServiceCache.class);
    /** Instance nodes whose data was refused, so each bad version is reported once, not on every change. */
    private static final int MAX_REPORTED = 1024;

    private final String serviceKey;
    private final String path;
    private final CuratorCache cache;
    private final InstanceJson instanceJson;
    private final int maxInstances;
    private final EndpointListeners listeners = new EndpointListeners();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private boolean loaded;
    private boolean overLimitReported;

    ServiceCache(CuratorFramework curator, String serviceKey, String path, InstanceJson instanceJson,
                 int maxInstances) {
        this.serviceKey = serviceKey;
        this.path = path;
        this.instanceJson = instanceJson;
        this.maxInstances = maxInstances;
        this.cache = CuratorCache.build(curator, path);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forAll((type, oldData, data) -> refresh(false))
                .forInitialized(() -> refresh(true))
                .build());
    }

    void start() {
        cache.start();
    }

    void stop() {
        cache.close();
    }

    /** Adds a listener, and hands it the current list if the cache has loaded. */
    void addListener(Consumer<List<Endpoint>> listener) {
        listeners.add(listener);
    }

    /** Removes a listener; returns whether none is left. */
    boolean removeListener(Consumer<List<Endpoint>> listener) {
        return listeners.remove(listener);
    }

    /** The instances known now, or none before the cache has loaded. */
    int size() {
        return listeners.size();
    }

    private synchronized void refresh(boolean initialized) {
        loaded |= initialized;
        if (!loaded) {
            // Events of the first load: the list is complete at "initialized", not before.
            return;
        }
        List<ChildData> children = new ArrayList<>(cache.stream().filter(d -> ServicePaths.isChild(path, d.getPath()))
                .toList());
        children.sort(Comparator.comparing(ChildData::getPath));
        if (children.size() > maxInstances) {
            if (!overLimitReported) {
                overLimitReported = true;
                log.warn("Service {} has {} instance nodes, more than the limit of {}; using the first {} by id",
                        serviceKey, children.size(), maxInstances, maxInstances);
            }
            children = children.subList(0, maxInstances);
        }
        List<Endpoint> fresh = new ArrayList<>(children.size());
        for (ChildData child : children) {
            try {
                fresh.add(instanceJson.read(child.getData()));
            } catch (IllegalArgumentException e) {
                String version = child.getPath() + "@" + (child.getStat() == null ? 0 : child.getStat().getMzxid());
                if (reported.size() < MAX_REPORTED && reported.add(version)) {
                    log.warn("Ignoring instance node {} of service {}: {}", child.getPath(), serviceKey,
                            e.getMessage());
                }
            }
        }
        listeners.publish(fresh);
    }
}
