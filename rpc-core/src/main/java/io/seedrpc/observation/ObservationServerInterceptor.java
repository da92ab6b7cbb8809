package io.seedrpc.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.seedrpc.StatusCode;
import io.seedrpc.internal.Causes;
import io.seedrpc.server.IncomingCall;
import io.seedrpc.server.ServerInterceptor;
import io.seedrpc.server.ServerInvoker;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Observes every call a server serves once it reaches its method's interceptors (calls refused before — unknown
 * service or method, server busy, shutting down, metadata over the limits — are not observed). The tracer extracts
 * the caller's trace context from the call's metadata, and the observation is current on the method's thread while
 * the method runs, so spans the method starts are its children. Add it first so that it is outermost:
 *
 * <pre>{@code
 * RpcServer.builder().interceptor(new ObservationServerInterceptor(observationRegistry))
 * }</pre>
 *
 * <p>With a no-op registry it only forwards the call. Thread-safe.
 */
public final class ObservationServerInterceptor implements ServerInterceptor {

    private static final DefaultRpcServerObservationConvention DEFAULT = new DefaultRpcServerObservationConvention();

    private final ObservationRegistry registry;
    private final RpcServerObservationConvention convention;

    /** With the default convention. */
    public ObservationServerInterceptor(ObservationRegistry registry) {
        this(registry, null);
    }

    /**
     * @param convention replaces {@link DefaultRpcServerObservationConvention}; {@code null} keeps it
     */
    public ObservationServerInterceptor(ObservationRegistry registry, RpcServerObservationConvention convention) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.convention = convention;
    }

    @Override
    public CompletableFuture<Object> intercept(IncomingCall call, ServerInvoker next) {
        if (registry.isNoop()) {
            return next.invoke(call);
        }
        RpcServerContext context = new RpcServerContext(call);
        Observation observation = Observation.createNotStarted(convention, DEFAULT, () -> context, registry)
                .start();
        CompletableFuture<Object> result;
        try (Observation.Scope scope = observation.openScope()) {
            result = next.invoke(call);
        } catch (RuntimeException | Error e) {
            stop(observation, context, e);
            throw e;
        }
        result.whenComplete((value, failure) -> stop(observation, context, failure));
        return result;
    }

    private static void stop(Observation observation, RpcServerContext context, Throwable failure) {
        Throwable cause = Causes.unwrap(failure);
        context.status(Outcomes.statusOf(cause, StatusCode.APPLICATION_ERROR));
        if (cause != null) {
            observation.error(cause);
        }
        observation.stop();
    }
}
