package io.seedrpc.server;

import io.seedrpc.StatusCode;
import io.seedrpc.transport.ServerCall;
import io.seedrpc.transport.ServerCallHandler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Routes each call by its header alone — service and method are looked up before a byte of the arguments is
 * decoded — and starts it on the worker executor (or inline, for {@code @DirectDispatch} methods). Unknown
 * services and methods, a saturated executor and a server that is draining are answered at once.
 */
final class CallDispatcher implements ServerCallHandler {

    private static final Logger log = LoggerFactory.getLogger(CallDispatcher.class);

    private final ServiceRegistry registry;
    private final WorkerPools workers;
    private final List<CallListener> listeners;
    private final ServerInvoker chain;
    private final boolean hasInterceptors;
    private final CurrentCall currentCall;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object drainLock = new Object();
    private volatile boolean draining;

    CallDispatcher(ServiceRegistry registry, WorkerPools workers, List<CallListener> listeners,
                   List<ServerInterceptor> interceptors, CurrentCall currentCall) {
        this.registry = registry;
        this.workers = workers;
        this.listeners = List.copyOf(listeners);
        this.chain = ServerInterceptor.wrap(call -> call.execution().invokeMethod(call), List.copyOf(interceptors));
        this.hasInterceptors = !interceptors.isEmpty();
        this.currentCall = currentCall;
    }

    /** The server's interceptors around the method, built once. */
    ServerInvoker chain() {
        return chain;
    }

    /** Whether any interceptor was added; without one a call skips the chain and its futures. */
    boolean hasInterceptors() {
        return hasInterceptors;
    }

    CurrentCall currentCall() {
        return currentCall;
    }

    @Override
    public void onCall(ServerCall call) {
        long start = System.nanoTime();
        ServiceDefinition service = registry.find(call.serviceKey());
        if (service == null) {
            call.sendError(StatusCode.UNKNOWN_SERVICE, null, "this server exposes no service " + call.serviceKey()
                    + "; it exposes " + registry.all().stream().map(ServiceDefinition::serviceKey).sorted().toList());
            return;
        }
        ServerMethod method = service.method(call.methodKey());
        if (method == null) {
            call.sendError(StatusCode.UNKNOWN_METHOD, null, "service " + call.serviceKey() + " has no method "
                    + call.methodKey() + "; its methods are " + service.describe().methodKeys());
            return;
        }
        if (draining) {
            call.sendError(StatusCode.UNAVAILABLE, null, "the server is shutting down; " + method.describe()
                    + " was not run");
            return;
        }
        CallExecution execution = new CallExecution(call, method, this, start);
        call.setListener(execution);
        inFlight.incrementAndGet();
        if (method.isDirect()) {
            execution.run();
            return;
        }
        try {
            WorkerPools.Slot slot = workers.reserve(service.executor());
            execution.releaseAtEnd(slot);
            workers.execute(slot, execution);
        } catch (RejectedExecutionException e) {
            call.sendError(StatusCode.SERVER_BUSY, null, "server busy: " + e.getMessage() + "; "
                    + method.describe() + " was not run");
        }
    }

    void callEnded(ServerMethod method, StatusCode status, long elapsedNanos) {
        for (CallListener listener : listeners) {
            try {
                listener.onCallFinished(method.serviceKey(), method.descriptor().key(), status, elapsedNanos);
            } catch (RuntimeException e) {
                log.warn("Call listener {} failed", listener, e);
            }
        }
        if (inFlight.decrementAndGet() == 0 && draining) {
            synchronized (drainLock) {
                drainLock.notifyAll();
            }
        }
    }

    /** Calls started and not yet answered. */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Refuses new calls from now on and waits up to {@code timeout} for the calls in flight to be answered.
     *
     * @return whether every call was answered in time
     */
    boolean drain(Duration timeout) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drainLock) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(drainLock, left);
            }
        }
        return true;
    }
}
