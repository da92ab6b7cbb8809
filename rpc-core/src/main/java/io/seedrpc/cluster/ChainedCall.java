package io.seedrpc.cluster;

import java.util.concurrent.CompletableFuture;

/**
 * The future of a call that must first wait for something (a connection to open): it mirrors the call once
 * that starts, and cancelling it cancels the call too — which {@code thenCompose} alone would not do, leaving
 * the server working on a call nobody waits for.
 */
final class ChainedCall extends CompletableFuture<Object> {

    private volatile CompletableFuture<Object> call;

    /** Makes this future follow {@code started}. */
    void follow(CompletableFuture<Object> started) {
        this.call = started;
        if (isCancelled()) {
            started.cancel(true);
            return;
        }
        started.whenComplete((value, failure) -> {
            if (failure != null) {
                completeExceptionally(failure);
            } else {
                complete(value);
            }
        });
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        CompletableFuture<Object> current = call;
        if (current != null) {
            current.cancel(mayInterruptIfRunning);
        }
        return cancelled;
    }
}
