package io.seedrpc.benchmark.targets;

import io.seedrpc.benchmark.Target;
import io.seedrpc.benchmark.TargetProvider;
import io.seedrpc.benchmark.echo.Payload;
import io.seedrpc.benchmark.echo.ProtobufEchoService;
import io.seedrpc.benchmark.grpc.Small;
import io.seedrpc.benchmark.grpc.Text;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SeedRPC carrying the gRPC rows' own protobuf messages with rpc-codec-protobuf: both sides then encode the same
 * messages with the same generated code, so this row against {@code grpc-default} and {@code grpc-direct} compares
 * the frameworks alone. Server and client are otherwise {@code seedrpc-kryo}'s: every default, methods on the
 * worker executor, one connection, a typed proxy.
 */
public final class SeedRpcProtobufTargets implements TargetProvider {

    @Override
    public List<Target> targets() {
        return List.of(new SeedRpcRow("seedrpc-protobuf",
                "as seedrpc-kryo with the protobuf codec, carrying echo.proto's Text and Small like the gRPC rows",
                () -> SeedRpcTargets.serve(RpcServer.builder(), ProtobufEchoService.class,
                        new ProtobufEchoServiceImpl(), () -> { }),
                SeedRpcProtobufTargets::connect));
    }

    private static Target.Client connect(int port) {
        RpcClient client = RpcClient.builder().codec("protobuf").callTimeout(SeedRpcTargets.CALL_TIMEOUT).build();
        ProtobufEchoService echo = client.proxy(ProtobufEchoService.class, "tcp://127.0.0.1:" + port);
        // Opens the connection (and fails here, not in the first measured call, if it cannot).
        echo.echoText(GrpcTargets.TEXT).join();
        return new ProtobufClient(echo, client);
    }

    /** Echoes on the worker executor, as {@code seedrpc-kryo}'s {@code EchoServiceImpl} does. */
    private static final class ProtobufEchoServiceImpl implements ProtobufEchoService {

        @Override
        public CompletableFuture<Text> echoText(Text text) {
            return CompletableFuture.completedFuture(text);
        }

        @Override
        public CompletableFuture<Small> echoSmall(Small small) {
            return CompletableFuture.completedFuture(small);
        }
    }

    /** Checks each answer the way the gRPC rows do: the text's value, or every field of the small message. */
    private record ProtobufClient(ProtobufEchoService echo, RpcClient client) implements Target.Client {

        @Override
        public void echo(Payload payload, Target.Completion done) {
            switch (payload) {
                case STRING -> echo.echoText(GrpcTargets.TEXT).whenComplete((answer, failure) ->
                        Echoes.finish(done, Payload.TEXT, answer == null ? null : answer.getValue(), failure));
                case OBJECT -> echo.echoSmall(GrpcTargets.SMALL).whenComplete((answer, failure) ->
                        Echoes.finish(done, GrpcTargets.SMALL, answer, failure));
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
