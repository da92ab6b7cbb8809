package io.seedrpc.spring.tracing;

import java.util.concurrent.CompletableFuture;

/** Answers with what the provider saw of the call: {@code traceId/spanId/x-tenant}. */
public interface Traced {

    /** Read on the method's thread. */
    String seen();

    /** The trace read on the method's thread, the tenant read in the completion, on another thread. */
    CompletableFuture<String> seenLater();
}
