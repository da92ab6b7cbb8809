package io.seedrpc;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The instant by which a call must be answered, fixed once when the call starts and carried with it: through the
 * client's retries, to the pending call, across the wire as the milliseconds left, and to the server method.
 * Every place that needs the time left asks the call's deadline instead of computing it from a timeout again,
 * so a retry can never restart the clock. Immutable and thread-safe; based on {@link System#nanoTime()}, so it
 * means nothing outside this JVM.
 */
public final class Deadline implements Comparable<Deadline> {

    private static final Deadline NONE = new Deadline(0, 0, false);
    private static final long MAX_SPAN_NANOS = Long.MAX_VALUE / 2;

    private final long nanoTime;
    private final long spanNanos;
    private final boolean bounded;

    private Deadline(long nanoTime, long spanNanos, boolean bounded) {
        this.nanoTime = nanoTime;
        this.spanNanos = spanNanos;
        this.bounded = bounded;
    }

    /** A deadline {@code timeout} from now; a zero or negative timeout gives one that has already passed. */
    public static Deadline after(Duration timeout) {
        return afterNanos(saturatedNanos(timeout));
    }

    /** A deadline {@code millis} from now; zero or negative gives one that has already passed. */
    public static Deadline afterMillis(long millis) {
        return afterNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /**
     * A deadline {@code millis} after {@code startNanoTime}, a {@link System#nanoTime()} reading taken earlier: for
     * a call whose clock started when it arrived but whose deadline object is only made when someone asks for it.
     * Zero or negative gives one that passed at {@code startNanoTime}.
     */
    public static Deadline afterMillisSince(long startNanoTime, long millis) {
        return afterNanosSince(startNanoTime, TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private static Deadline afterNanos(long nanos) {
        return afterNanosSince(System.nanoTime(), nanos);
    }

    private static Deadline afterNanosSince(long startNanoTime, long nanos) {
        // Instants are compared by their difference, as System.nanoTime() asks; clamping the span to half the
        // range keeps that difference right even when the sum wraps, so a timeout of centuries stays in the future.
        long span = Math.min(Math.max(nanos, 0), MAX_SPAN_NANOS);
        return new Deadline(startNanoTime + span, span, true);
    }

    /** No deadline: the call waits as long as it takes. {@link #remainingMillis()} is {@link Long#MAX_VALUE}. */
    public static Deadline none() {
        return NONE;
    }

    /** Whether this deadline bounds the call at all ({@code false} only for {@link #none()}). */
    public boolean isBounded() {
        return bounded;
    }

    /** Whether the deadline has passed. */
    public boolean isExpired() {
        return isExpiredAt(System.nanoTime());
    }

    /**
     * Whether the deadline has passed at {@code nowNanos}, a {@link System#nanoTime()} reading: a sweep over many
     * calls reads the clock once.
     */
    public boolean isExpiredAt(long nowNanos) {
        return bounded && nowNanos - nanoTime >= 0;
    }

    /** Nanoseconds left, never negative; {@link Long#MAX_VALUE} when unbounded. */
    public long remainingNanos() {
        if (!bounded) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, nanoTime - System.nanoTime());
    }

    /** Milliseconds left, rounded up so that a call with a few nanoseconds left is not sent with 0. */
    public long remainingMillis() {
        if (!bounded) {
            return Long.MAX_VALUE;
        }
        long nanos = remainingNanos();
        return nanos == 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    /**
     * The timeout this deadline was made from: the whole time the call was given, for messages such as "timed out
     * after 300 ms" (the time left is {@link #remaining()}). {@code null} when unbounded.
     */
    public Duration timeout() {
        return bounded ? Duration.ofNanos(spanNanos) : null;
    }

    /** The time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(remainingNanos());
    }

    /**
     * This deadline moved {@code extra} later, keeping its {@link #timeout()}: for time a call spent waiting on the
     * client's own setup (a connection opening, discovery's first answer), which has bounds of its own and has
     * never counted against the call's timeout. {@link #none()} stays none.
     */
    public Deadline extendedBy(Duration extra) {
        if (!bounded) {
            return this;
        }
        long nanos = Math.min(Math.max(saturatedNanos(extra), 0), MAX_SPAN_NANOS);
        return new Deadline(nanoTime + nanos, spanNanos, true);
    }

    /** Whether this deadline comes strictly before {@code other}. */
    public boolean isBefore(Deadline other) {
        return compareTo(other) < 0;
    }

    /** The earlier of this deadline and {@code other}. */
    public Deadline earliest(Deadline other) {
        return isBefore(other) ? this : other;
    }

    @Override
    public int compareTo(Deadline other) {
        if (bounded != other.bounded) {
            return bounded ? -1 : 1;
        }
        return bounded ? Long.signum(nanoTime - other.nanoTime) : 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Deadline deadline && deadline.bounded == bounded && deadline.nanoTime == nanoTime;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(nanoTime);
    }

    @Override
    public String toString() {
        return bounded ? "Deadline[" + remainingMillis() + " ms left]" : "Deadline[none]";
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return timeout.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
