package io.seedrpc.internal;

import java.time.Duration;

/**
 * Capped exponential backoff with jitter: after the n-th failure in a row, wait between half and all of
 * {@code min(max, initial * 2^(n-1))}. The jitter keeps peers that lost the same server (providers their
 * registry, clients a provider) from all retrying in the same instant when it comes back. The one backoff of
 * SeedRPC: heartbeats, registry watches and the client's probes of an address out of rotation. Not part of the
 * public API: its package may change without notice.
 *
 * @param initial the ceiling after the first failure
 * @param max     the largest ceiling
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, was " + initial + " and " + max);
        }
    }

    /**
     * The delay before the next attempt.
     *
     * @param failures how many attempts in a row have failed, at least 1
     * @param random   a number in {@code [0, 1)}
     */
    public Duration delay(int failures, double random) {
        // Doubling 62 times overflows any long; the cap is reached long before.
        int doublings = Math.min(Math.max(failures, 1) - 1, 30);
        long ceiling = Math.min(max.toNanos(), saturatedShift(initial.toNanos(), doublings));
        long half = ceiling / 2;
        return Duration.ofNanos(half + (long) (random * (ceiling - half)));
    }

    private static long saturatedShift(long value, int bits) {
        return value > (Long.MAX_VALUE >> bits) ? Long.MAX_VALUE : value << bits;
    }
}
