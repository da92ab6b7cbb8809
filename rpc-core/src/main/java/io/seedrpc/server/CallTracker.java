package io.seedrpc.server;

import io.seedrpc.StatusCode;
import io.seedrpc.transport.ServerCall;

/**
 * Hears from the transport what becomes of one call once it was handed over: a cancel stops its {@link CallWork};
 * its end gives back its place in the worker pool, and is recorded in the method's stats and counted out of the
 * {@link CallsInFlight}.
 */
final class CallTracker implements ServerCall.Listener {

    private final ServerMethod method;
    private final CallWork work;
    private final CallsInFlight calls;
    private final long startNanos;
    /** The place this call holds in its worker pool; null for a method run on the I/O thread. */
    private volatile WorkerPools.Slot slot;

    CallTracker(ServerMethod method, CallWork work, CallsInFlight calls, long startNanos) {
        this.method = method;
        this.work = work;
        this.calls = calls;
        this.startNanos = startNanos;
    }

    /**
     * Gives {@code slot} back when the call ends, before its answer is queued, if it has started running by then;
     * else when its task returns. A call cancelled while queued keeps its place until its task is dequeued, so
     * the pool's queue never holds more tasks than the pool has places.
     */
    void releaseAtEnd(WorkerPools.Slot slot) {
        this.slot = slot;
    }

    @Override
    public void onCancel() {
        work.stop();
    }

    @Override
    public void onClose(StatusCode status) {
        WorkerPools.Slot held = slot;
        if (held != null && work.hasStarted()) {
            held.release();
        }
        long elapsed = System.nanoTime() - startNanos;
        method.stats().record(elapsed, status == StatusCode.OK);
        calls.ended(method, status, elapsed);
    }
}
