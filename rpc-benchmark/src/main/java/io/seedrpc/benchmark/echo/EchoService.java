package io.seedrpc.benchmark.echo;

import java.util.concurrent.CompletableFuture;

/**
 * The echo interface the SeedRPC and Dubbo rows serve and call through a proxy. The methods return futures so
 * that one caller can keep exactly one call in flight without a thread of its own blocking on it.
 */
public interface EchoService {

    /** Answers {@code text} unchanged. */
    CompletableFuture<String> echo(String text);

    /** Answers {@code value} unchanged (as a copy made by the codec). */
    CompletableFuture<SmallObject> echoObject(SmallObject value);
}
