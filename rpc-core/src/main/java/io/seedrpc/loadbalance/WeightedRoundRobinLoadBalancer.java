package io.seedrpc.loadbalance;

import io.seedrpc.discovery.Endpoint;

import java.util.List;

/**
 * Smooth weighted round-robin, the nginx algorithm: over every window of total-weight calls each endpoint gets
 * exactly its weight's share, interleaved rather than in bursts (weights 5:1:1 give a a b a c a a, not a a a a a
 * b c). Name {@code weighted-round-robin}.
 */
public final class WeightedRoundRobinLoadBalancer implements LoadBalancer {

    public static final String NAME = "weighted-round-robin";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Picker newPicker(List<Endpoint> endpoints) {
        return new SmoothPicker(endpoints);
    }

    private static final class SmoothPicker implements Picker {

        private final Endpoint[] endpoints;
        private final int[] weights;
        private final long[] current;
        private final long totalWeight;

        SmoothPicker(List<Endpoint> candidates) {
            List<Endpoint> weighted = candidates.stream().filter(e -> e.weight() > 0).toList();
            List<Endpoint> pool = weighted.isEmpty() ? candidates : weighted;
            endpoints = pool.toArray(Endpoint[]::new);
            weights = new int[endpoints.length];
            long total = 0;
            for (int i = 0; i < endpoints.length; i++) {
                weights[i] = Math.max(1, endpoints[i].weight());
                total += weights[i];
            }
            current = new long[endpoints.length];
            totalWeight = total;
        }

        @Override
        public synchronized Endpoint pick(io.seedrpc.invoke.Invocation invocation, EndpointLoad load) {
            int best = 0;
            for (int i = 0; i < endpoints.length; i++) {
                current[i] += weights[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= totalWeight;
            return endpoints[best];
        }
    }
}
