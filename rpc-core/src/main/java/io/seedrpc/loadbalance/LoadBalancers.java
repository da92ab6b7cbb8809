package io.seedrpc.loadbalance;

import io.seedrpc.UnknownNameException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The load balancers a client knows, by name: the built-in ones, those found through
 * {@code META-INF/services/io.seedrpc.loadbalance.LoadBalancer}, and any registered in code (which win over a
 * built-in of the same name). Not thread-safe while being filled; read-only afterwards.
 */
public final class LoadBalancers {

    /** The strategy used when none is configured. */
    public static final String DEFAULT = PowerOfTwoChoicesLoadBalancer.NAME;

    private final Map<String, LoadBalancer> byName = new LinkedHashMap<>();

    private LoadBalancers() {
    }

    /** The built-in strategies plus those on the class path. */
    public static LoadBalancers withDefaults() {
        LoadBalancers balancers = new LoadBalancers();
        balancers.register(new PowerOfTwoChoicesLoadBalancer());
        balancers.register(new RandomLoadBalancer());
        balancers.register(new RoundRobinLoadBalancer());
        balancers.register(new WeightedRoundRobinLoadBalancer());
        balancers.register(new ConsistentHashLoadBalancer());
        ServiceLoader.load(LoadBalancer.class).forEach(balancers::register);
        return balancers;
    }

    /** Adds {@code balancer} under its name, replacing one of the same name. */
    public LoadBalancers register(LoadBalancer balancer) {
        byName.put(balancer.name(), balancer);
        return this;
    }

    /**
     * The balancer of that name.
     *
     * @throws UnknownNameException of kind {@code LOAD_BALANCER}, listing the known names, when there is none of
     *                              that name
     */
    public LoadBalancer get(String name) {
        LoadBalancer balancer = byName.get(name);
        if (balancer == null) {
            throw new UnknownNameException(UnknownNameException.Kind.LOAD_BALANCER, name, byName.keySet());
        }
        return balancer;
    }
}
