package io.seedrpc.sample.consumer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What the demo's calls came to: how many succeeded, failed, and which provider served them. */
public final class DemoReport {

    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Map<String, AtomicInteger> servedBy = new ConcurrentHashMap<>();

    void success(String provider) {
        succeeded.incrementAndGet();
        servedBy.computeIfAbsent(provider, p -> new AtomicInteger()).incrementAndGet();
    }

    void failure() {
        failed.incrementAndGet();
    }

    public int succeeded() {
        return succeeded.get();
    }

    public int failed() {
        return failed.get();
    }

    /** Calls served, by provider instance name. */
    public Map<String, Integer> servedBy() {
        Map<String, Integer> copy = new TreeMap<>();
        servedBy.forEach((provider, count) -> copy.put(provider, count.get()));
        return copy;
    }

    @Override
    public String toString() {
        return succeeded() + " succeeded, " + failed() + " failed; served by " + servedBy();
    }
}
