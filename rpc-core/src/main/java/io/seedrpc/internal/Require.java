package io.seedrpc.internal;

import java.time.Duration;

/**
 * Argument checks for builders, with messages that name the setting and the value given. Not part of the
 * public API: its package may change without notice.
 */
public final class Require {

    private Require() {
    }

    /** {@code value}, when it is at least {@code min}. */
    public static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /** {@code value}, when it is a positive duration. */
    public static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
        return value;
    }
}
