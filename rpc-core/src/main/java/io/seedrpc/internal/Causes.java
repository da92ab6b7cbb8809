package io.seedrpc.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The failure a future's wrapper stands for. {@code CompletableFuture} wraps a failure in a
 * {@link CompletionException} when it passes through a dependent stage, and {@code get()} in an
 * {@link ExecutionException}; what callers report, retry on or rethrow is the cause inside. Not part of the public
 * API: its package may change without notice.
 */
public final class Causes {

    private Causes() {
    }

    /** {@code failure} without its {@code CompletionException}/{@code ExecutionException} wrappers. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
