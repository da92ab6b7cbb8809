package io.seedrpc.benchmark.targets;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.StreamObserver;
import io.seedrpc.benchmark.Target;
import io.seedrpc.benchmark.TargetProvider;
import io.seedrpc.benchmark.echo.Payload;
import io.seedrpc.benchmark.grpc.EchoGrpc;
import io.seedrpc.benchmark.grpc.Small;
import io.seedrpc.benchmark.grpc.Text;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * gRPC-java peers: grpc-netty-shaded with protobuf messages and stubs generated from {@code echo.proto}, one
 * channel (one HTTP/2 connection) and the async stub. Once with gRPC's default executors (a cached thread pool
 * runs server handlers and client callbacks), once with {@code directExecutor()} on both server and client, its
 * best-tuned setting.
 */
public final class GrpcTargets implements TargetProvider {

    /** The string payload as a message; also what {@code seedrpc-protobuf} sends. */
    static final Text TEXT = Text.newBuilder().setValue(Payload.TEXT).build();
    /** The object payload as a message; also what {@code seedrpc-protobuf} sends. */
    static final Small SMALL = Small.newBuilder()
            .setId(Payload.OBJECT_VALUE.getId())
            .setCount(Payload.OBJECT_VALUE.getCount())
            .setName(Payload.OBJECT_VALUE.getName())
            .setScore(Payload.OBJECT_VALUE.getScore())
            .setActive(Payload.OBJECT_VALUE.isActive())
            .build();

    @Override
    public List<Target> targets() {
        return List.of(
                new GrpcTarget("grpc-default", false,
                        "gRPC-java, grpc-netty-shaded + protobuf, async stub, default executors"),
                new GrpcTarget("grpc-direct", true,
                        "as grpc-default with directExecutor() on server and client"),
                new GrpcTarget("grpc-tls", false,
                        "as grpc-default over TLS: JDK provider, TLS 1.3, EC P-256, the same as seedrpc-kryo-tls"));
    }

    private record GrpcTarget(String name, boolean direct, String description) implements Target {

        @Override
        public Kind kind() {
            return Kind.PEER;
        }

        private boolean tls() {
            return name.endsWith("-tls");
        }

        @Override
        public Server startServer() throws Exception {
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new EchoImpl());
            if (direct) {
                builder.directExecutor();
            }
            Path store = tls() ? BenchTls.makeStore() : null;
            if (tls()) {
                builder.sslContext(GrpcSslContexts.configure(
                        SslContextBuilder.forServer(BenchTls.keyManagers(store)), SslProvider.JDK).build());
            }
            io.grpc.Server server = builder.build().start();
            if (tls()) {
                BenchTls.publish(store, server.getPort());
            }
            return new Server() {
                @Override
                public int port() {
                    return server.getPort();
                }

                @Override
                public void close() {
                    if (tls()) {
                        BenchTls.unpublish(server.getPort());
                    }
                    server.shutdown();
                    try {
                        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                            server.shutdownNow();
                        }
                    } catch (InterruptedException e) {
                        server.shutdownNow();
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }

        @Override
        public Client connect(int port) throws Exception {
            NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", port);
            if (tls()) {
                builder.sslContext(GrpcSslContexts.configure(SslContextBuilder.forClient()
                        .trustManager(BenchTls.trustManagers(port)), SslProvider.JDK).build());
            } else {
                builder.usePlaintext();
            }
            if (direct) {
                builder.directExecutor();
            }
            ManagedChannel channel = builder.build();
            EchoGrpc.EchoStub stub = EchoGrpc.newStub(channel);
            // Opens the connection before the first measured call.
            EchoGrpc.newBlockingStub(channel).echoText(TEXT);
            return new GrpcClient(stub, channel);
        }
    }

    private record GrpcClient(EchoGrpc.EchoStub stub, ManagedChannel channel) implements Target.Client {

        @Override
        public void echo(Payload payload, Target.Completion done) {
            switch (payload) {
                case STRING -> stub.echoText(TEXT, new Answer<>(done, Payload.TEXT) {
                    @Override
                    Object unwrap(Text answer) {
                        return answer.getValue();
                    }
                });
                case OBJECT -> stub.echoSmall(SMALL, new Answer<>(done, SMALL) {
                    @Override
                    Object unwrap(Small answer) {
                        return answer;   // generated equals() reads every field, the name included
                    }
                });
            }
        }

        @Override
        public void close() {
            channel.shutdown();
            try {
                if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                    channel.shutdownNow();
                }
            } catch (InterruptedException e) {
                channel.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reads the message fields back, as a caller would, and checks them. */
    private abstract static class Answer<M> implements StreamObserver<M> {

        private final Target.Completion done;
        private final Object sent;
        private M answer;

        Answer(Target.Completion done, Object sent) {
            this.done = done;
            this.sent = sent;
        }

        abstract Object unwrap(M answer);

        @Override
        public void onNext(M value) {
            answer = value;
        }

        @Override
        public void onError(Throwable failure) {
            done.complete(failure);
        }

        @Override
        public void onCompleted() {
            Echoes.finish(done, sent, answer == null ? null : unwrap(answer), null);
        }
    }

    private static final class EchoImpl extends EchoGrpc.EchoImplBase {

        @Override
        public void echoText(Text request, StreamObserver<Text> response) {
            response.onNext(request);
            response.onCompleted();
        }

        @Override
        public void echoSmall(Small request, StreamObserver<Small> response) {
            response.onNext(request);
            response.onCompleted();
        }
    }
}
