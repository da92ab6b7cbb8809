package io.seedrpc.client;

import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.internal.Causes;
import io.seedrpc.internal.ForwardingFuture;
import io.seedrpc.invoke.Invocation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call sent to every instance at once. The first failure fails the whole call straight away and cancels the
 * calls still running; when all succeed, the result of the first instance is returned. Each answer is handled as
 * it arrives, so one slow instance never holds up reporting another's failure.
 */
final class BroadcastCall extends ForwardingFuture<Object> {

    private final ClusterInvoker cluster;
    private final Invocation invocation;

    BroadcastCall(ClusterInvoker cluster, Invocation invocation) {
        this.cluster = cluster;
        this.invocation = invocation;
    }

    BroadcastCall start() {
        List<Endpoint> targets = cluster.broadcastTargets();
        if (targets.isEmpty()) {
            completeExceptionally(cluster.noProvider());
            return this;
        }
        AtomicInteger remaining = new AtomicInteger(targets.size());
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (Endpoint target : targets) {
            calls.add(forwardCancelTo(cluster.send(target, invocation)));
        }
        CompletableFuture<Object> first = calls.get(0);
        for (int i = 0; i < calls.size(); i++) {
            Endpoint target = targets.get(i);
            calls.get(i).whenComplete((value, failure) -> {
                if (failure != null) {
                    Throwable cause = Causes.unwrap(failure);
                    if (completeExceptionally(cause instanceof RpcException ? cause
                            : new RpcException(StatusCode.INTERNAL, "broadcast of "
                            + invocation.describe() + " to " + target + " failed: " + cause, cause))) {
                        calls.forEach(call -> call.cancel(true));
                    }
                } else if (remaining.decrementAndGet() == 0) {
                    complete(first.getNow(null));
                }
            });
        }
        return this;
    }
}
