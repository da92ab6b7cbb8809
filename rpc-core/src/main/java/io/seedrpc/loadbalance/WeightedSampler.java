package io.seedrpc.loadbalance;

import io.seedrpc.discovery.Endpoint;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Draws endpoints at random in proportion to their weights (uniformly when every weight is equal). Endpoints of
 * weight 0 are drawn only when every endpoint has weight 0. Immutable.
 */
final class WeightedSampler {

    private final Endpoint[] endpoints;
    private final long[] cumulativeWeights;
    private final long totalWeight;
    private final boolean uniform;

    WeightedSampler(List<Endpoint> candidates) {
        List<Endpoint> weighted = candidates.stream().filter(e -> e.weight() > 0).toList();
        List<Endpoint> pool = weighted.isEmpty() ? candidates : weighted;
        this.endpoints = pool.toArray(Endpoint[]::new);
        this.cumulativeWeights = new long[endpoints.length];
        long total = 0;
        boolean same = true;
        for (int i = 0; i < endpoints.length; i++) {
            total += Math.max(1, endpoints[i].weight());
            cumulativeWeights[i] = total;
            same &= endpoints[i].weight() == endpoints[0].weight();
        }
        this.totalWeight = total;
        this.uniform = same;
    }

    int size() {
        return endpoints.length;
    }

    Endpoint get(int index) {
        return endpoints[index];
    }

    /** The index of a weighted-random endpoint. */
    int sampleIndex() {
        return sampleIndex(ThreadLocalRandom.current());
    }

    /** The index of a weighted-random endpoint, drawn from {@code random}. */
    int sampleIndex(RandomGenerator random) {
        if (uniform) {
            return random.nextInt(endpoints.length);
        }
        long point = random.nextLong(totalWeight);
        int low = 0;
        int high = endpoints.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulativeWeights[mid] > point) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
