package io.seedrpc.benchmark.targets;

import io.seedrpc.benchmark.Target;

/** Checks answers the same way in every row. */
final class Echoes {

    private Echoes() {
    }

    /** Tells {@code done} whether {@code answer} equals {@code sent}, or of {@code failure}. */
    static void finish(Target.Completion done, Object sent, Object answer, Throwable failure) {
        if (failure != null) {
            done.complete(failure);
        } else if (!sent.equals(answer)) {
            done.complete(new IllegalStateException("the echo differs from what was sent: " + answer));
        } else {
            done.complete(null);
        }
    }
}
