package io.seedrpc.sample.consumer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the demo's calls came to: how many succeeded, failed, and which provider served them, split at the moment a
 * provider was stopped (when the demo stopped one).
 */
public final class DemoReport {

    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Map<String, AtomicInteger> beforeStop = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> afterStop = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    void success(String provider) {
        succeeded.incrementAndGet();
        (stopped ? afterStop : beforeStop).computeIfAbsent(provider, p -> new AtomicInteger()).incrementAndGet();
    }

    void failure() {
        failed.incrementAndGet();
    }

    /** From now on, calls count as made after the demo stopped a provider. */
    void providerStopped() {
        stopped = true;
    }

    public int succeeded() {
        return succeeded.get();
    }

    public int failed() {
        return failed.get();
    }

    /** Whether the demo stopped a provider while the calls went on. */
    public boolean providerWasStopped() {
        return stopped;
    }

    /** Calls served, by provider instance name, over the whole run. */
    public Map<String, Integer> servedBy() {
        Map<String, Integer> total = copy(beforeStop);
        copy(afterStop).forEach((provider, count) -> total.merge(provider, count, Integer::sum));
        return total;
    }

    /** Calls served before the demo stopped a provider (all of them when it stopped none). */
    public Map<String, Integer> servedBeforeStop() {
        return copy(beforeStop);
    }

    /** Calls served after the demo stopped a provider. */
    public Map<String, Integer> servedAfterStop() {
        return copy(afterStop);
    }

    private static Map<String, Integer> copy(Map<String, AtomicInteger> counts) {
        Map<String, Integer> copy = new TreeMap<>();
        counts.forEach((provider, count) -> copy.put(provider, count.get()));
        return copy;
    }

    @Override
    public String toString() {
        String calls = succeeded() + " succeeded, " + failed() + " failed; ";
        return stopped
                ? calls + "served by " + servedBeforeStop() + " before the stop, " + servedAfterStop() + " after it"
                : calls + "served by " + servedBy();
    }
}
