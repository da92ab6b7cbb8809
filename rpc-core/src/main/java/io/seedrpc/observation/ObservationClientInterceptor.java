package io.seedrpc.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.seedrpc.Metadata;
import io.seedrpc.StatusCode;
import io.seedrpc.internal.Causes;
import io.seedrpc.invoke.ClientInterceptor;
import io.seedrpc.invoke.Invocation;
import io.seedrpc.invoke.Invoker;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Observes every call a client makes, retries included: one observation (one client span) per call, from the
 * proxy until the answer, whatever number of instances failover tried. The trace context the tracer propagates
 * is added to the call's metadata, so every attempt carries it and each server span is a child of this one.
 * Add it first so that it is outermost:
 *
 * <pre>{@code
 * RpcClient.builder().interceptor(new ObservationClientInterceptor(observationRegistry))
 * }</pre>
 *
 * <p>With a no-op registry it only forwards the call. Thread-safe.
 */
public final class ObservationClientInterceptor implements ClientInterceptor {

    private static final DefaultRpcClientObservationConvention DEFAULT = new DefaultRpcClientObservationConvention();

    private final ObservationRegistry registry;
    private final RpcClientObservationConvention convention;

    /** With the default convention. */
    public ObservationClientInterceptor(ObservationRegistry registry) {
        this(registry, null);
    }

    /**
     * @param convention replaces {@link DefaultRpcClientObservationConvention}; {@code null} keeps it
     */
    public ObservationClientInterceptor(ObservationRegistry registry, RpcClientObservationConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
    }

    @Override
    public CompletableFuture<Object> intercept(Invocation invocation, Invoker next) {
        if (registry.isNoop()) {
            return next.invoke(invocation);
        }
        RpcClientContext context = new RpcClientContext(invocation);
        Observation observation = Observation.createNotStarted(convention, DEFAULT, () -> context, registry)
                .start();
        CompletableFuture<Object> result;
        try (Observation.Scope scope = observation.openScope()) {
            result = next.invoke(withPropagatedContext(invocation, context.getCarrier()));
        } catch (RuntimeException | Error e) {
            stop(observation, context, e);
            throw e;
        }
        // The call's own future is returned, not the whenComplete stage, so that cancelling it reaches the call.
        result.whenComplete((value, failure) -> stop(observation, context, failure));
        return result;
    }

    private static Invocation withPropagatedContext(Invocation invocation, Map<String, String> propagated) {
        return propagated.isEmpty() ? invocation
                : invocation.withMetadata(invocation.metadata().withAll(Metadata.of(propagated)));
    }

    private static void stop(Observation observation, RpcClientContext context, Throwable failure) {
        Throwable cause = Causes.unwrap(failure);
        context.status(Outcomes.statusOf(cause, StatusCode.INTERNAL));
        if (cause != null) {
            observation.error(cause);
        }
        observation.stop();
    }
}
