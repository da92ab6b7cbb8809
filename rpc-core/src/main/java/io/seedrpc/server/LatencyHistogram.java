package io.seedrpc.server;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free latency histogram with logarithmic buckets: 16 buckets per power of two, so any quantile it
 * reports is within about 6 % of the true value, in a fixed 8 KiB whatever the number of samples. Values are
 * nanoseconds.
 */
final class LatencyHistogram {

    private static final int SUB_BUCKET_BITS = 4;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int BUCKETS = (64 - SUB_BUCKET_BITS + 1) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();

    /** Records one sample; negative values count as 0. */
    void record(long nanos) {
        long value = Math.max(0, nanos);
        counts.incrementAndGet(indexOf(value));
        count.increment();
        sum.add(value);
    }

    long count() {
        return count.sum();
    }

    /** The mean of every sample so far, 0 when there is none. */
    double mean() {
        long n = count.sum();
        return n == 0 ? 0 : (double) sum.sum() / n;
    }

    /**
     * The value below which {@code quantile} of the samples fall (the upper edge of its bucket), 0 when there is
     * no sample.
     */
    long valueAtQuantile(double quantile) {
        long total = 0;
        long[] snapshot = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank && snapshot[i] > 0) {
                return upperEdge(i);
            }
        }
        return upperEdge(BUCKETS - 1);
    }

    static int indexOf(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(value);
        int shift = magnitude - SUB_BUCKET_BITS;
        int sub = (int) (value >>> shift) & (SUB_BUCKETS - 1);
        return (shift + 1) * SUB_BUCKETS + sub;
    }

    static long upperEdge(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int shift = index / SUB_BUCKETS - 1;
        long sub = index % SUB_BUCKETS;
        long lower = (SUB_BUCKETS + sub) << shift;
        return lower + (1L << shift) - 1;
    }
}
