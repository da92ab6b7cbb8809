package io.seedrpc.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;

/**
 * A call's future whose cancellation reaches the work it stands for: the attempts, fan-out or chained call it
 * {@linkplain #forwardCancelTo forwards to} are cancelled with it, and {@link #onCancel} tells whatever is not a
 * future (a server working on the call). {@code thenCompose} alone would not do that, leaving a server working on
 * a call nobody waits for. Work started after this future was cancelled is cancelled at once. Thread-safe. Not
 * part of the public API: its package may change without notice.
 */
public class ForwardingFuture<T> extends CompletableFuture<T> {

    private static final VarHandle FIRST;
    private static final VarHandle WORK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            FIRST = lookup.findVarHandle(ForwardingFuture.class, "first", Future.class);
            WORK = lookup.findVarHandle(ForwardingFuture.class, "work", Queue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The first part forwarded to: most calls forward to one (their first attempt) and need no queue. */
    private volatile Future<?> first;
    /** Created on the second forward (a retry, a fan-out): the first attempt of a call allocates no queue. */
    private volatile Queue<Future<?>> work;

    /**
     * Cancels {@code part} when this future is cancelled, or at once when it already is.
     *
     * @return {@code part}
     */
    public final <F extends Future<?>> F forwardCancelTo(F part) {
        if (first != null || !FIRST.compareAndSet(this, null, part)) {
            Queue<Future<?>> parts = work;
            if (parts == null) {
                parts = new ConcurrentLinkedQueue<>();
                if (!WORK.compareAndSet(this, null, parts)) {
                    parts = work;
                }
            }
            parts.add(part);
        }
        // Checked after adding: a cancel racing with this either takes the part after the add, or is seen here.
        if (isCancelled()) {
            part.cancel(true);
        }
        return part;
    }

    /** Completes this future as {@code source} completes, and cancels {@code source} when this one is cancelled. */
    public final void follow(CompletableFuture<? extends T> source) {
        forwardCancelTo(source).whenComplete((value, failure) -> {
            if (failure != null) {
                completeExceptionally(failure);
            } else {
                complete(value);
            }
        });
    }

    /** Called once per {@link #cancel} call, after this future is cancelled; tells work that is not a future. */
    protected void onCancel() {
    }

    @Override
    public final boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        onCancel();
        // Taken out, so that the part is cancelled once however often this is; a part forwarded later takes the
        // empty slot again and sees this future cancelled.
        Future<?> single = (Future<?>) FIRST.getAndSet(this, null);
        if (single != null) {
            single.cancel(mayInterruptIfRunning);
        }
        Queue<Future<?>> parts = work;
        if (parts != null) {
            Future<?> part;
            while ((part = parts.poll()) != null) {
                part.cancel(mayInterruptIfRunning);
            }
        }
        return cancelled;
    }
}
