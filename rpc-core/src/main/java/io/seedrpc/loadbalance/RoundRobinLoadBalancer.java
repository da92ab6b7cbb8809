package io.seedrpc.loadbalance;

import io.seedrpc.discovery.Endpoint;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Takes the endpoints in turn, one call each, ignoring weights. Name {@code round-robin}. */
public final class RoundRobinLoadBalancer implements LoadBalancer {

    public static final String NAME = "round-robin";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Picker newPicker(List<Endpoint> endpoints) {
        Endpoint[] ring = endpoints.toArray(Endpoint[]::new);
        AtomicInteger next = new AtomicInteger();
        return (invocation, load) -> ring[Math.floorMod(next.getAndIncrement(), ring.length)];
    }
}
