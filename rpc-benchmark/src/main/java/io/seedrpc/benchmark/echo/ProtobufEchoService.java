package io.seedrpc.benchmark.echo;

import io.seedrpc.benchmark.grpc.Small;
import io.seedrpc.benchmark.grpc.Text;

import java.util.concurrent.CompletableFuture;

/**
 * The echo over protobuf messages: the same {@code Text} and {@code Small} messages, generated from
 * {@code echo.proto}, that the gRPC rows send, served and called by SeedRPC with its protobuf codec.
 */
public interface ProtobufEchoService {

    /** Answers {@code text} unchanged. */
    CompletableFuture<Text> echoText(Text text);

    /** Answers {@code small} unchanged. */
    CompletableFuture<Small> echoSmall(Small small);
}
