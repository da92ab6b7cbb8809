package io.seedrpc.loadbalance;

import io.seedrpc.discovery.Endpoint;

import java.util.List;

/** Picks an endpoint at random, in proportion to the endpoints' weights. Name {@code random}. */
public final class RandomLoadBalancer implements LoadBalancer {

    public static final String NAME = "random";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Picker newPicker(List<Endpoint> endpoints) {
        WeightedSampler sampler = new WeightedSampler(endpoints);
        return (invocation, load) -> sampler.get(sampler.sampleIndex());
    }
}
