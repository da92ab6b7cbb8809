package io.seedrpc.server;

import io.seedrpc.StatusCode;
import io.seedrpc.transport.ServerCall;

/**
 * Hears from the transport what becomes of one call once it was handed over: a cancel stops its {@link CallWork};
 * its end is recorded in the method's stats and counted out of the {@link CallsInFlight}.
 */
final class CallTracker implements ServerCall.Listener {

    private final ServerMethod method;
    private final CallWork work;
    private final CallsInFlight calls;
    private final long startNanos;

    CallTracker(ServerMethod method, CallWork work, CallsInFlight calls, long startNanos) {
        this.method = method;
        this.work = work;
        this.calls = calls;
        this.startNanos = startNanos;
    }

    @Override
    public void onCancel() {
        work.stop();
    }

    @Override
    public void onClose(StatusCode status) {
        long elapsed = System.nanoTime() - startNanos;
        method.stats().record(elapsed, status == StatusCode.OK);
        calls.ended(method, status, elapsed);
    }
}
