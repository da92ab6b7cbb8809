package io.seedrpc.benchmark.echo;

import java.util.concurrent.CompletableFuture;

/** Echoes on whatever thread the framework runs service methods on (SeedRPC: the worker executor). */
public class EchoServiceImpl implements EchoService {

    @Override
    public CompletableFuture<String> echo(String text) {
        return CompletableFuture.completedFuture(text);
    }

    @Override
    public CompletableFuture<SmallObject> echoObject(SmallObject value) {
        return CompletableFuture.completedFuture(value);
    }
}
