package io.seedrpc.server;

import io.seedrpc.StatusCode;
import io.seedrpc.transport.ServerCall;
import io.seedrpc.transport.ServerCallHandler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Routes each call by its header alone — service and method are looked up before a byte of the arguments is
 * decoded — and starts it on the worker executor (or inline, for {@code @DirectDispatch} methods) as a
 * {@link CallExecution}, which also listens to the call. Unknown services and methods, a saturated executor and a
 * server that is draining are answered at once.
 */
final class CallDispatcher implements ServerCallHandler {

    private final ServiceRegistry registry;
    private final Routes routes;
    private final CallsInFlight calls;
    /** The server's interceptors around the method, built once; {@code null} when there are none. */
    private final ServerInvoker chain;
    private final CurrentCall currentCall;

    CallDispatcher(ServiceRegistry registry, List<CallListener> listeners, List<ServerInterceptor> interceptors,
                   CurrentCall currentCall) {
        this.registry = registry;
        this.routes = new Routes(registry);
        this.calls = new CallsInFlight(listeners);
        this.chain = interceptors.isEmpty() ? null
                : ServerInterceptor.wrap(call -> call.execution().invokeMethod(call), List.copyOf(interceptors));
        this.currentCall = currentCall;
    }

    @Override
    public void onCall(ServerCall call) {
        ServerMethod method = routes.find(call.serviceKey(), call.methodKey());
        if (method == null) {
            refuseUnknown(call);
            return;
        }
        if (calls.isDraining()) {
            call.sendError(StatusCode.UNAVAILABLE, null, "the server is shutting down; " + method.describe()
                    + " was not run");
            return;
        }
        CallExecution execution = new CallExecution(call, method, this);
        call.setListener(execution);
        calls.started();
        if (method.isDirect()) {
            execution.run();
            return;
        }
        try {
            execution.runInPool();
        } catch (RejectedExecutionException e) {
            call.sendError(StatusCode.SERVER_BUSY, null, "server busy: " + e.getMessage() + "; "
                    + method.describe() + " was not run");
        }
    }

    /** Answers a call whose service or method this server does not have, saying which it has. */
    private void refuseUnknown(ServerCall call) {
        ServiceDefinition service = registry.find(call.serviceKey());
        if (service == null) {
            call.sendError(StatusCode.UNKNOWN_SERVICE, null, "this server exposes no service " + call.serviceKey()
                    + "; it exposes " + registry.all().stream().map(ServiceDefinition::serviceKey).sorted().toList());
        } else {
            call.sendError(StatusCode.UNKNOWN_METHOD, null, "service " + call.serviceKey() + " has no method "
                    + call.methodKey() + "; its methods are " + service.describe().methodKeys());
        }
    }

    /** The server's interceptors around the method, built once; {@code null} when there are none. */
    ServerInvoker chain() {
        return chain;
    }

    CurrentCall currentCall() {
        return currentCall;
    }

    CallsInFlight calls() {
        return calls;
    }

    /** Calls started and not yet answered. */
    int inFlight() {
        return calls.count();
    }

    /**
     * Refuses new calls from now on and waits up to {@code timeout} for the calls in flight to be answered.
     *
     * @return whether every call was answered in time
     */
    boolean drain(Duration timeout) throws InterruptedException {
        return calls.drain(timeout);
    }
}
