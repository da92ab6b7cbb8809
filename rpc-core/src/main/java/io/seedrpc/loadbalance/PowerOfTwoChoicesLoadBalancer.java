package io.seedrpc.loadbalance;

import io.seedrpc.discovery.Endpoint;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Least outstanding requests by the power of two choices: draws two distinct endpoints at random (weighted) and
 * sends the call to the one with fewer calls in flight per unit of weight. It steers away from slow or stalled
 * instances within a few calls, without the herd effect of always choosing the global minimum, and costs two
 * lookups a call. The default strategy. Name {@code p2c}.
 */
public final class PowerOfTwoChoicesLoadBalancer implements LoadBalancer {

    public static final String NAME = "p2c";

    private final Supplier<RandomGenerator> random;

    /** A balancer drawing from each calling thread's {@link ThreadLocalRandom}. */
    public PowerOfTwoChoicesLoadBalancer() {
        this(ThreadLocalRandom::current);
    }

    /** Draws from {@code random}, which must be safe to call from every calling thread (tests seed it). */
    PowerOfTwoChoicesLoadBalancer(Supplier<RandomGenerator> random) {
        this.random = random;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Picker newPicker(List<Endpoint> endpoints) {
        WeightedSampler sampler = new WeightedSampler(endpoints);
        if (sampler.size() == 1) {
            Endpoint only = sampler.get(0);
            return (invocation, load) -> only;
        }
        return (invocation, load) -> {
            RandomGenerator draw = random.get();
            int first = sampler.sampleIndex(draw);
            int second = sampler.sampleIndex(draw);
            // A few redraws find a distinct second even when one endpoint holds most of the weight.
            for (int i = 0; i < 3 && second == first; i++) {
                second = sampler.sampleIndex(draw);
            }
            if (second == first) {
                second = (first + 1 + draw.nextInt(sampler.size() - 1)) % sampler.size();
            }
            Endpoint a = sampler.get(first);
            Endpoint b = sampler.get(second);
            // Compare outstanding / weight without division: a heavier endpoint may carry proportionally more.
            long scoreA = (long) load.outstanding(a) * Math.max(1, b.weight());
            long scoreB = (long) load.outstanding(b) * Math.max(1, a.weight());
            // A tie goes to the first draw, itself random: equal idle endpoints share the calls evenly.
            return scoreB < scoreA ? b : a;
        };
    }
}
