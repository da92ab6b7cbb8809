package io.seedrpc.spring.actuate;

import io.seedrpc.invoke.ClientInterceptor;
import io.seedrpc.invoke.Invocation;
import io.seedrpc.invoke.Invoker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the calls the RPC client makes, per service and method, for the {@code rpc} endpoint: calls, failures,
 * mean and longest time to the answer (retries included). Thread-safe and lock-free on the call path.
 */
public final class ClientCallStats implements ClientInterceptor {

    private final Map<MethodId, Counters> byMethod = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Object> intercept(Invocation invocation, Invoker next) {
        long start = System.nanoTime();
        Counters counters = byMethod.computeIfAbsent(new MethodId(invocation.serviceKey(), invocation.method().key()),
                id -> new Counters());
        CompletableFuture<Object> result = next.invoke(invocation);
        result.whenComplete((value, failure) -> counters.record(failure != null, System.nanoTime() - start));
        return result;
    }

    /** A snapshot of every method called so far, sorted by service and method. */
    public List<MethodCalls> snapshot() {
        List<MethodCalls> calls = new ArrayList<>();
        byMethod.forEach((id, counters) -> calls.add(counters.snapshot(id)));
        calls.sort((a, b) -> a.serviceKey().equals(b.serviceKey()) ? a.methodKey().compareTo(b.methodKey())
                : a.serviceKey().compareTo(b.serviceKey()));
        return calls;
    }

    /**
     * How one remote method has fared from this client.
     *
     * @param serviceKey the service key
     * @param methodKey  the method key
     * @param calls      finished calls
     * @param errors     finished calls that did not return a value
     * @param meanMicros mean time to the answer, in microseconds
     * @param maxMicros  longest time to the answer, in microseconds
     */
    public record MethodCalls(String serviceKey, String methodKey, long calls, long errors, double meanMicros,
                              double maxMicros) {
    }

    private record MethodId(String serviceKey, String methodKey) {
    }

    private static final class Counters {
        private final LongAdder calls = new LongAdder();
        private final LongAdder errors = new LongAdder();
        private final LongAdder totalNanos = new LongAdder();
        private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

        void record(boolean failed, long nanos) {
            calls.increment();
            if (failed) {
                errors.increment();
            }
            totalNanos.add(nanos);
            maxNanos.accumulate(nanos);
        }

        MethodCalls snapshot(MethodId id) {
            long count = calls.sum();
            double mean = count == 0 ? 0 : totalNanos.sum() / 1_000.0 / count;
            return new MethodCalls(id.serviceKey(), id.methodKey(), count, errors.sum(), mean, maxNanos.get() / 1_000.0);
        }
    }
}
