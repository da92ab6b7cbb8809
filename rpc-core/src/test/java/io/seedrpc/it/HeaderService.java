package io.seedrpc.it;

import java.util.concurrent.CompletableFuture;

/** Answers with the request metadata the server saw, read where service code reads it. */
public interface HeaderService {

    /** The value of {@code key} in the call's metadata, read on the method's thread; {@code "(none)"} if absent. */
    String header(String key);

    /** The same, read on another thread after {@code delayMillis}, through a propagating executor. */
    CompletableFuture<String> headerLater(String key, int delayMillis);

    /** Every entry, {@code key=value} joined with commas in order. */
    String all();
}
