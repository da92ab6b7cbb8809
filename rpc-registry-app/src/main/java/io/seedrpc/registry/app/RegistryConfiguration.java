package io.seedrpc.registry.app;

import io.seedrpc.registry.app.live.EvictionSweeper;
import io.seedrpc.registry.app.live.Registry;
import io.seedrpc.registry.app.live.ServiceWatches;
import io.seedrpc.registry.app.live.WatchRelease;
import io.seedrpc.registry.app.store.InMemoryInstanceStore;
import io.seedrpc.registry.app.store.InstanceStore;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the registry's state, its timer, the watches and the eviction sweeper. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryProperties.class)
class RegistryConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock registryClock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    InstanceStore instanceStore(RegistryProperties properties) {
        return new InMemoryInstanceStore(properties.limits().maxInstances());
    }

    /** One daemon thread for the sweeps and for the timeouts of blocking queries; both are tiny tasks. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService registryTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "registry-timer");
            thread.setDaemon(true);
            return thread;
        });
        // Most query timeouts are cancelled by a change; drop them at once instead of when they would fire.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    @Bean
    ServiceWatches serviceWatches(ScheduledExecutorService registryTimer, RegistryProperties properties,
                                  Environment environment) {
        // Fails the start when parked queries could take every connection heartbeats need.
        WatcherCapacity.check(properties.limits().maxWatchers(), WatcherCapacity.maxConnections(environment));
        return new ServiceWatches(registryTimer, properties.limits().maxWatchers());
    }

    @Bean
    WatchRelease watchRelease(ServiceWatches serviceWatches) {
        return new WatchRelease(serviceWatches);
    }

    @Bean
    Registry registry(InstanceStore instanceStore, ServiceWatches serviceWatches, Clock registryClock,
                      RegistryProperties properties) {
        return new Registry(instanceStore, serviceWatches, registryClock, properties.instanceTtl());
    }

    @Bean
    EvictionSweeper evictionSweeper(Registry registry, ScheduledExecutorService registryTimer,
                                    RegistryProperties properties) {
        return new EvictionSweeper(registry, registryTimer, properties.sweepInterval());
    }
}
