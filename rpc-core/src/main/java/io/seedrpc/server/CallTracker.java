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

    private final ServerCall call;
    private final ServerMethod method;
    /** The dispatcher that started the call: its interceptors, current call and count of calls, shared by all. */
    private final CallDispatcher dispatcher;
    /** Whether the call took a place in its method's pool; never so for a method run on the I/O thread. */
    private volatile boolean placeTaken;
    private volatile boolean placeReleased;

    // What the call could find elsewhere is not copied into it (its start is the request's arrival, its pool its
    // method's, the server-wide parts the dispatcher's): this object is made for every call.
    CallTracker(ServerCall call, ServerMethod method, CallDispatcher dispatcher) {
        this.call = call;
        this.method = method;
        this.dispatcher = dispatcher;
    }

    /**
     * Takes a place in the method's pool for this call. It is given back when the call ends, before its answer is
     * queued, if it has started running by then (so a caller that sends its next call as soon as it has the answer
     * never finds the place still taken by the thread that is only finishing up); else when its task returns. A
     * call cancelled while queued keeps its place until its task is dequeued, so the pool's queue never holds more
     * tasks than the pool has places.
     *
     * @throws RejectedExecutionException when the pool is full; no place is held then
     */
    final void takePlace() {
        method.pool().reserve();
        placeTaken = true;
    }

    /** Gives the call's place back, if it holds one and this is the first release. */
    final void releasePlace() {
        if (placeTaken && !placeReleased && PLACE_RELEASED.compareAndSet(this, false, true)) {
            method.pool().release();
        }
    }

    /** The call as the transport handed it over. */
    final ServerCall call() {
        return call;
    }

    /** The method this call runs. */
    final ServerMethod method() {
        return method;
    }

    final CallDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    final boolean interruptible() {
        return !method.isDirect();
    }

    @Override
    public final void onCancel() {
        stop();
    }

    @Override
    public final void onClose(StatusCode status) {
        if (placeTaken && hasStarted()) {
            releasePlace();
        }
        long elapsed = System.nanoTime() - call.arrivedNanos();
        method.stats().record(elapsed, status == StatusCode.OK);
        dispatcher.calls().ended(method, status, elapsed);
    }
}
