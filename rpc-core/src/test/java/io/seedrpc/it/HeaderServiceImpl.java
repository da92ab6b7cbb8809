package io.seedrpc.it;

import io.seedrpc.Metadata;
import io.seedrpc.server.CurrentCall;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

final class HeaderServiceImpl implements HeaderService {

    private final CurrentCall currentCall;
    private final Executor executor;
    /** How many times {@link #header} ran: a rejected call must not reach it. */
    final java.util.concurrent.atomic.AtomicInteger headerCalls = new java.util.concurrent.atomic.AtomicInteger();

    HeaderServiceImpl(CurrentCall currentCall, Executor executor) {
        this.currentCall = currentCall;
        this.executor = executor;
    }

    @Override
    public String header(String key) {
        headerCalls.incrementAndGet();
        String value = currentCall.metadata().get(key);
        return value == null ? "(none)" : value;
    }

    @Override
    public CompletableFuture<String> headerLater(String key, int delayMillis) {
        Executor later = CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS, executor);
        return CompletableFuture.supplyAsync(() -> header(key), currentCall.propagating(later));
    }

    @Override
    public String all() {
        Metadata metadata = currentCall.metadata();
        return metadata.asMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
