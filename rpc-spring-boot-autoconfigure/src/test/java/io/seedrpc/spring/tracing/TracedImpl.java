package io.seedrpc.spring.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.seedrpc.server.CurrentCall;
import io.seedrpc.spring.annotation.RpcService;
import org.springframework.beans.factory.DisposableBean;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Reports the span current on the method's thread and the call's {@code x-tenant} metadata. */
@RpcService
class TracedImpl implements Traced, DisposableBean {

    private final Tracer tracer;
    private final CurrentCall currentCall;
    private final ExecutorService completions = Executors.newSingleThreadExecutor();

    TracedImpl(Tracer tracer, CurrentCall currentCall) {
        this.tracer = tracer;
        this.currentCall = currentCall;
    }

    @Override
    public String seen() {
        return currentSpan() + "/" + currentCall.metadata().get("x-tenant");
    }

    @Override
    public CompletableFuture<String> seenLater() {
        String span = currentSpan();
        return CompletableFuture.supplyAsync(() -> span + "/" + currentCall.metadata().get("x-tenant"),
                currentCall.propagating(CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS, completions)));
    }

    private String currentSpan() {
        Span span = tracer.currentSpan();
        return span == null ? "none/none" : span.context().traceId() + "/" + span.context().spanId();
    }

    @Override
    public void destroy() throws InterruptedException {
        completions.shutdownNow();
        completions.awaitTermination(5, TimeUnit.SECONDS);
    }
}
