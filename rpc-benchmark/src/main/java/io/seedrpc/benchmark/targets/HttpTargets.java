package io.seedrpc.benchmark.targets;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.seedrpc.benchmark.Target;
import io.seedrpc.benchmark.TargetProvider;
import io.seedrpc.benchmark.echo.EchoService;
import io.seedrpc.benchmark.echo.Payload;
import io.seedrpc.benchmark.echo.SmallObject;
import tools.jackson.databind.json.JsonMapper;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP row: {@code seedrpc-kryo}'s server, called with JSON over HTTP/1.1 on the same port
 * ({@code POST /rpc/<service>/<method>}). The client is a plain keep-alive HTTP/1.1 client on Netty: HTTP/1.1 has
 * no multiplexing, so it holds one connection per call in flight and reuses each for call after call. Set against
 * {@code seedrpc-json} (the same JSON codec over the binary protocol), the difference is what HTTP costs the
 * server and the wire.
 */
public final class HttpTargets implements TargetProvider {

    @Override
    public List<Target> targets() {
        return List.of(SeedRpcRow.onKryoServer("seedrpc-http", "seedrpc-kryo's server; JSON over HTTP/1.1 on the RPC "
                + "port from a keep-alive Netty HTTP client, one connection per call in flight, Content-Type "
                + "application/json, Rpc-Timeout 10s", HttpTargets::connect));
    }

    private static Target.Client connect(int port) throws Exception {
        KeepAliveHttpClient client = new KeepAliveHttpClient(port);
        try {
            client.checkOnce();
        } catch (Exception e) {
            client.close();
            throw e;
        }
        return client;
    }

    /** The call a connection is waiting to be answered. */
    private record Pending(Payload payload, Target.Completion done) {
    }

    private static final AttributeKey<Pending> PENDING = AttributeKey.valueOf("bench.http.pending");

    /**
     * Connections are taken from an idle queue (or opened) per call and put back once answered, so the number
     * of connections is the largest number of calls in flight. Request bodies are encoded once.
     */
    private static final class KeepAliveHttpClient implements Target.Client {

        private final JsonMapper mapper = JsonMapper.builder().build();
        private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(0,
                new DefaultThreadFactory("bench-http-client", true), NioIoHandler.newFactory());
        private final Queue<Channel> idle = new ConcurrentLinkedQueue<>();
        private final Bootstrap bootstrap;
        private final String host;
        private final String textPath;
        private final String objectPath;
        private final byte[] textBody;
        private final byte[] objectBody;
        private final String textAnswer;

        KeepAliveHttpClient(int port) {
            String base = "/rpc/" + EchoService.class.getName() + "/";
            host = "127.0.0.1:" + port;
            textPath = base + "echo";
            objectPath = base + "echoObject";
            textBody = mapper.writeValueAsBytes(List.of(Payload.TEXT));
            objectBody = mapper.writeValueAsBytes(List.of(Payload.OBJECT_VALUE));
            textAnswer = mapper.writeValueAsString(Payload.TEXT);
            bootstrap = new Bootstrap()
                    .group(io)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                    .remoteAddress("127.0.0.1", port)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(new HttpClientCodec())
                                    .addLast(new HttpObjectAggregator(1 << 20))
                                    .addLast(new AnswerHandler());
                        }
                    });
        }

        /** One call of each payload, so a broken path fails here rather than in the first measured call. */
        void checkOnce() throws Exception {
            for (Payload payload : Payload.values()) {
                CompletableFuture<Throwable> result = new CompletableFuture<>();
                echo(payload, result::complete);
                Throwable failure = result.get(10, TimeUnit.SECONDS);
                if (failure != null) {
                    throw new IllegalStateException("seedrpc-http cannot echo " + payload.id(), failure);
                }
            }
        }

        @Override
        public void echo(Payload payload, Target.Completion done) {
            Channel channel = idle.poll();
            while (channel != null && !channel.isActive()) {
                channel = idle.poll();
            }
            if (channel != null) {
                send(channel, payload, done);
                return;
            }
            bootstrap.connect().addListener((ChannelFuture connected) -> {
                if (connected.isSuccess()) {
                    send(connected.channel(), payload, done);
                } else {
                    done.complete(connected.cause());
                }
            });
        }

        private void send(Channel channel, Payload payload, Target.Completion done) {
            boolean text = payload == Payload.STRING;
            byte[] body = text ? textBody : objectBody;
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                    text ? textPath : objectPath, Unpooled.wrappedBuffer(body));
            request.headers()
                    .set(HttpHeaderNames.HOST, host)
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set("Rpc-Timeout", "10s");
            channel.attr(PENDING).set(new Pending(payload, done));
            channel.writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess()) {
                    Pending pending = channel.attr(PENDING).getAndSet(null);
                    if (pending != null) {
                        pending.done().complete(written.cause());
                    }
                    channel.close();
                }
            });
        }

        /** Checks an answer, returns the connection to the idle queue, then tells the caller. */
        private final class AnswerHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                Pending pending = ctx.channel().attr(PENDING).getAndSet(null);
                if (pending == null) {
                    ctx.close();
                    return;
                }
                String body = response.content().toString(StandardCharsets.UTF_8);
                idle.add(ctx.channel());
                if (response.status().code() != 200) {
                    pending.done().complete(new IllegalStateException("HTTP " + response.status() + ": " + body));
                } else if (pending.payload() == Payload.STRING) {
                    Echoes.finish(pending.done(), textAnswer, body, null);
                } else {
                    finishObject(pending.done(), ByteBufUtil.getBytes(response.content()));
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                Pending pending = ctx.channel().attr(PENDING).getAndSet(null);
                if (pending != null) {
                    pending.done().complete(new ClosedChannelException());
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                Pending pending = ctx.channel().attr(PENDING).getAndSet(null);
                if (pending != null) {
                    pending.done().complete(cause);
                }
                ctx.close();
            }
        }

        private void finishObject(Target.Completion done, byte[] body) {
            SmallObject answer;
            try {
                answer = mapper.readValue(body, SmallObject.class);
            } catch (RuntimeException e) {
                done.complete(e);
                return;
            }
            Echoes.finish(done, Payload.OBJECT_VALUE, answer, null);
        }

        @Override
        public void close() {
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
