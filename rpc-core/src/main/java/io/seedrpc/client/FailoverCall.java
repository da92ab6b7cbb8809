package io.seedrpc.client;

import io.seedrpc.Address;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.discovery.Endpoint;
import io.seedrpc.internal.Causes;
import io.seedrpc.internal.ForwardingFuture;
import io.seedrpc.invoke.Invocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One call under failover: tries an instance, and on a failure that is safe to retry tries one it has not tried
 * yet, before the call's deadline. Safe means the call certainly did not run, or the method is
 * idempotent; an application exception or a malformed request is never retried. Cancelling the call cancels the
 * attempt in progress.
 */
final class FailoverCall extends ForwardingFuture<Object> {

    private static final Logger log = LoggerFactory.getLogger(FailoverCall.class);

    /** Failures that would fail the same way anywhere: retrying them elsewhere only repeats work. */
    private static final Set<StatusCode> NEVER_RETRIED = EnumSet.of(StatusCode.APPLICATION_ERROR,
            StatusCode.BAD_REQUEST, StatusCode.CODEC_ERROR, StatusCode.UNAUTHORIZED, StatusCode.CANCELLED);

    private final ClusterInvoker cluster;
    private final Invocation invocation;
    /**
     * The addresses tried so far: a set of one for the first attempt, a mutable set from the first retry on.
     * Attempts run one after the other, each from the completion of the one before, which orders their accesses.
     */
    private Set<Address> tried = Set.of();
    private int retriesLeft;

    FailoverCall(ClusterInvoker cluster, Invocation invocation, int retries) {
        this.cluster = cluster;
        this.invocation = invocation;
        this.retriesLeft = retries;
    }

    FailoverCall start() {
        attempt(null);
        return this;
    }

    private void attempt(RpcException lastFailure) {
        Endpoint endpoint = cluster.pick(invocation, tried);
        if (endpoint == null) {
            completeExceptionally(lastFailure != null ? lastFailure : cluster.noProvider());
            return;
        }
        remember(endpoint.address());
        // A retry keeps the call's deadline: it gets the time left, never a fresh timeout.
        if (lastFailure != null && invocation.deadline().isExpired()) {
            completeExceptionally(lastFailure);
            return;
        }
        forwardCancelTo(cluster.send(endpoint, invocation)).whenComplete((value, failure) -> {
            if (failure == null) {
                complete(value);
            } else {
                onFailure(endpoint, failure);
            }
        });
    }

    private void remember(Address address) {
        if (tried.isEmpty()) {
            tried = Set.of(address);
        } else {
            Set<Address> more = new HashSet<>(tried);
            more.add(address);
            tried = more;
        }
    }

    private void onFailure(Endpoint endpoint, Throwable failure) {
        Throwable cause = Causes.unwrap(failure);
        if (isDone()) {
            return;
        }
        if (cause instanceof RpcException rpc && retriesLeft > 0 && isRetryable(rpc)) {
            retriesLeft--;
            log.debug("Retrying {} elsewhere after {} failed: {}", invocation.describe(), endpoint, rpc.getMessage());
            attempt(rpc);
        } else {
            completeExceptionally(cause);
        }
    }

    private boolean isRetryable(RpcException failure) {
        return !NEVER_RETRIED.contains(failure.status())
                && (failure.certainlyNotExecuted() || invocation.method().isIdempotent());
    }
}
