package io.seedrpc.server;

import io.seedrpc.StatusCode;
import io.seedrpc.transport.ServerCall;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;

/**
 * Hears from the transport what becomes of one call once it was handed over: a cancel stops its work; its end gives
 * back its place in the worker pool, and is recorded in the method's stats and counted out of the
 * {@link CallsInFlight}. The middle layer of a call's one object (see {@link CallWork}); it also holds the call's
 * place in its pool, so that a place costs no object of its own.
 */
abstract class CallTracker extends CallWork implements ServerCall.Listener {

    private static final VarHandle PLACE_RELEASED;

    static {
        try {
            PLACE_RELEASED = MethodHandles.lookup().findVarHandle(CallTracker.class, "placeReleased", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ServerMethod method;
    private final CallsInFlight calls;
    private final long startNanos;
    /** The pool this call holds a place in; null for a method run on the I/O thread. */
    private volatile WorkerPools.Pool pool;
    private volatile boolean placeReleased;

    CallTracker(ServerMethod method, CallsInFlight calls, long startNanos) {
        super(!method.isDirect());
        this.method = method;
        this.calls = calls;
        this.startNanos = startNanos;
    }

    /**
     * Takes a place in {@code pool} for this call. It is given back when the call ends, before its answer is
     * queued, if it has started running by then (so a caller that sends its next call as soon as it has the answer
     * never finds the place still taken by the thread that is only finishing up); else when its task returns. A
     * call cancelled while queued keeps its place until its task is dequeued, so the pool's queue never holds more
     * tasks than the pool has places.
     *
     * @throws RejectedExecutionException when the pool is full; no place is held then
     */
    final void takePlaceIn(WorkerPools.Pool pool) {
        pool.reserve();
        this.pool = pool;
    }

    /** Gives the call's place back, if it holds one and this is the first release. */
    final void releasePlace() {
        WorkerPools.Pool held = pool;
        if (held != null && !placeReleased && PLACE_RELEASED.compareAndSet(this, false, true)) {
            held.release();
        }
    }

    /** The method this call runs. */
    final ServerMethod method() {
        return method;
    }

    @Override
    public final void onCancel() {
        stop();
    }

    @Override
    public final void onClose(StatusCode status) {
        if (pool != null && hasStarted()) {
            releasePlace();
        }
        long elapsed = System.nanoTime() - startNanos;
        method.stats().record(elapsed, status == StatusCode.OK);
        calls.ended(method, status, elapsed);
    }
}
