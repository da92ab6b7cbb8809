package io.seedrpc.server;

import io.seedrpc.Deadline;
import io.seedrpc.Metadata;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The call a thread is serving, for service code that wants its metadata: {@link RpcServer#currentCall()} gives the
 * server's instance (with the starter, inject the {@code CurrentCall} bean).
 *
 * <pre>{@code
 * public Order place(Order order) {
 *     String tenant = currentCall.metadata().get("x-tenant");      // on the method's thread
 *     return CompletableFuture.supplyAsync(() -> audit(currentCall.metadata().get("x-tenant")),
 *             currentCall.propagating(executor));                   // the same, on another thread
 * }
 * }</pre>
 *
 * <p>Set while the service method runs, and cleared when it returns; an asynchronous method's continuations see it
 * only through {@link #propagating}, {@link #wrap(Runnable)} or {@link #wrap(Supplier)}, which capture the call
 * when they are made. Owned by one server; holds no state between calls. Thread-safe.
 */
public final class CurrentCall {

    private final ThreadLocal<CallExecution> current = new ThreadLocal<>();

    CurrentCall() {
    }

    /** The call this thread is serving, or {@code null} outside a call. */
    public IncomingCall get() {
        CallExecution execution = current.get();
        return execution == null ? null : execution.incoming();
    }

    /** The metadata of the call this thread is serving; empty outside a call. */
    public Metadata metadata() {
        IncomingCall call = get();
        return call == null ? Metadata.empty() : call.metadata();
    }

    /**
     * The deadline of the call this thread is serving: when its caller stops waiting, and the server answers
     * {@code TIMEOUT} and interrupts the method. {@link Deadline#none()} outside a call, or when the caller set no
     * timeout. For example, to wait for a downstream service no longer than the caller waits:
     * {@code future.get(currentCall.deadline().remainingNanos(), TimeUnit.NANOSECONDS)} (when it is bounded).
     */
    public Deadline deadline() {
        IncomingCall call = get();
        return call == null ? Deadline.none() : call.deadline();
    }

    /** {@code task}, made to run with the call this thread serves now as its current call. */
    public Runnable wrap(Runnable task) {
        CallExecution captured = current.get();
        return () -> {
            CallExecution previous = enter(captured);
            try {
                task.run();
            } finally {
                restore(previous);
            }
        };
    }

    /** {@code supplier}, made to run with the call this thread serves now as its current call. */
    public <T> Supplier<T> wrap(Supplier<T> supplier) {
        CallExecution captured = current.get();
        return () -> {
            CallExecution previous = enter(captured);
            try {
                return supplier.get();
            } finally {
                restore(previous);
            }
        };
    }

    /** An executor that runs each task with the call current when the task was submitted. */
    public Executor propagating(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return task -> executor.execute(wrap(task));
    }

    /** Makes {@code call} current; returns the call that was, for {@link #restore}. */
    CallExecution enter(CallExecution call) {
        CallExecution previous = current.get();
        current.set(call);
        return previous;
    }

    /**
     * Makes {@code previous} current again. Outside a call that is {@code null}, set rather than removed: removing
     * would make the next call on this pooled thread allocate a new thread-local entry.
     */
    void restore(CallExecution previous) {
        current.set(previous);
    }
}
