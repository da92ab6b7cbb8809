package io.seedrpc.benchmark.targets;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.seedrpc.benchmark.Target;
import io.seedrpc.benchmark.TargetProvider;
import io.seedrpc.benchmark.echo.EchoService;
import io.seedrpc.benchmark.echo.Payload;
import io.seedrpc.codec.Codec;
import io.seedrpc.codec.KryoCodec;
import io.seedrpc.codec.TypeAllowlist;
import io.seedrpc.protocol.MethodDescriptor;
import io.seedrpc.protocol.ServiceKeys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transport ceiling, not a framework: Netty (the same version and thread counts as SeedRPC) echoing frames of
 * exactly the sizes SeedRPC-Kryo puts on the wire for each payload, over one connection that every caller shares,
 * with a request-id → future map on the client. No codec, no dispatch, no timers. Two rows, the same code on two
 * transports: {@code raw-netty} on NIO and {@code raw-netty-epoll} on native epoll, so that each SeedRPC row is
 * set against the ceiling of the transport it runs on.
 *
 * <p>Frame: {@code int32 length | int64 id | int32 answerLength | zero padding}; the answer is
 * {@code int32 answerLength | int64 id | zero padding}. Writes are batched as SeedRPC's {@code OutboundQueue}
 * batches them: the client queues frames from any thread and one task on the event loop writes the queue out with
 * one flush; the server writes each answer in {@code channelRead} and flushes once in {@code channelReadComplete}.
 */
public final class RawNettyTargets implements TargetProvider {

    private static final int MAX_FRAME = 1 << 20;

    @Override
    public List<Target> targets() {
        return List.of(new RawNettyTarget(Transport.NIO), new RawNettyTarget(Transport.EPOLL));
    }

    /** The Netty transport a raw row runs on: its event loops' I/O handler and its channel types. */
    enum Transport {
        NIO("raw-netty", "nio"),
        EPOLL("raw-netty-epoll", "epoll");

        private final String row;
        private final String id;

        Transport(String row, String id) {
            this.row = row;
            this.id = id;
        }

        IoHandlerFactory handler() {
            return this == NIO ? NioIoHandler.newFactory() : EpollIoHandler.newFactory();
        }

        Class<? extends ServerChannel> serverChannel() {
            return this == NIO ? NioServerSocketChannel.class : EpollServerSocketChannel.class;
        }

        Class<? extends Channel> channel() {
            return this == NIO ? NioSocketChannel.class : EpollSocketChannel.class;
        }

        /** Fails with Netty's own reason when native epoll cannot be loaded here, rather than falling back. */
        void requireAvailable() {
            if (this == EPOLL) {
                Epoll.ensureAvailability();
            }
        }
    }

    private record RawNettyTarget(Transport transportType) implements Target {

        @Override
        public String name() {
            return transportType.row;
        }

        @Override
        public String description() {
            return "Netty echo of SeedRPC-Kryo-sized frames on " + transportType.id
                    + ", LengthFieldBasedFrameDecoder, one connection, id -> future map, writes batched (one flush "
                    + "per event-loop pass)";
        }

        @Override
        public Kind kind() {
            return Kind.CEILING;
        }

        @Override
        public String transport() {
            return transportType.id;
        }

        @Override
        public Server startServer() throws InterruptedException {
            transportType.requireAvailable();
            EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("raw-accept", true),
                    transportType.handler());
            EventLoopGroup io = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("raw-server-io", true),
                    transportType.handler());
            Channel listener = new ServerBootstrap()
                    .group(boss, io)
                    .channel(transportType.serverChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4))
                                    .addLast(new EchoHandler());
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            int port = ((java.net.InetSocketAddress) listener.localAddress()).getPort();
            return new Server() {
                @Override
                public int port() {
                    return port;
                }

                @Override
                public void close() {
                    listener.close().syncUninterruptibly();
                    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                    io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                }
            };
        }

        @Override
        public Client connect(int port) throws InterruptedException {
            transportType.requireAvailable();
            EventLoopGroup io = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("raw-client-io", true),
                    transportType.handler());
            RawClient client = new RawClient(io);
            Channel channel = new Bootstrap()
                    .group(io)
                    .channel(transportType.channel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4))
                                    .addLast(client.responses());
                        }
                    })
                    .connect("127.0.0.1", port).sync().channel();
            client.attach(channel);
            return client;
        }
    }

    /** Answers every frame with a frame of the length it asks for, carrying its id. */
    private static final class EchoHandler extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf request = (ByteBuf) msg;
            try {
                long id = request.readLong();
                int answerLength = request.readInt();
                ByteBuf answer = ctx.alloc().ioBuffer(4 + answerLength);
                answer.writeInt(answerLength).writeLong(id).writeZero(answerLength - 8);
                ctx.write(answer, ctx.voidPromise());
            } finally {
                request.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** One connection shared by every caller; completes each call's future by id. */
    private static final class RawClient implements Target.Client {

        private final EventLoopGroup io;
        private final Map<Long, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
        private final AtomicLong nextId = new AtomicLong();
        private final Queue<ByteBuf> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean drainScheduled = new AtomicBoolean();
        private final Runnable drainTask = this::drain;
        private final int[] requestLength = new int[Payload.values().length];
        private final int[] answerLength = new int[Payload.values().length];
        private volatile Channel channel;

        RawClient(EventLoopGroup io) {
            this.io = io;
            for (Payload payload : Payload.values()) {
                FrameSizes sizes = FrameSizes.ofSeedRpcKryo(payload);
                requestLength[payload.ordinal()] = sizes.request();
                answerLength[payload.ordinal()] = sizes.answer();
            }
        }

        void attach(Channel channel) {
            this.channel = channel;
            channel.closeFuture().addListener(closed -> failAll());
        }

        ChannelInboundHandlerAdapter responses() {
            return new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf answer = (ByteBuf) msg;
                    long id;
                    try {
                        id = answer.readLong();
                    } finally {
                        answer.release();
                    }
                    CompletableFuture<Void> call = pending.remove(id);
                    if (call != null) {
                        call.complete(null);
                    }
                }
            };
        }

        @Override
        public void echo(Payload payload, Target.Completion done) {
            long id = nextId.incrementAndGet();
            int length = requestLength[payload.ordinal()];
            ByteBuf frame = channel.alloc().ioBuffer(4 + length);
            frame.writeInt(length).writeLong(id).writeInt(answerLength[payload.ordinal()]).writeZero(length - 12);
            CompletableFuture<Void> call = new CompletableFuture<>();
            call.whenComplete((ignored, failure) -> done.complete(failure));
            pending.put(id, call);
            queue.add(frame);
            if (drainScheduled.compareAndSet(false, true)) {
                channel.eventLoop().execute(drainTask);
            }
            if (!channel.isActive() && pending.remove(id, call)) {
                call.completeExceptionally(new ClosedChannelException());
            }
        }

        private void drain() {
            try {
                ByteBuf frame;
                while ((frame = queue.poll()) != null) {
                    channel.write(frame, channel.voidPromise());
                }
                channel.flush();
            } finally {
                drainScheduled.set(false);
                if (!queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
                    channel.eventLoop().execute(drainTask);
                }
            }
        }

        private void failAll() {
            for (Long id : pending.keySet()) {
                CompletableFuture<Void> call = pending.remove(id);
                if (call != null) {
                    call.completeExceptionally(new ClosedChannelException());
                }
            }
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * The lengths (after the int32 prefix) of the frames SeedRPC-Kryo sends for one echo of a payload, worked out
     * with rpc-core's own Kryo codec and the layout in {@code docs/protocol.md}.
     *
     * @param request REQUEST: type, id, timeout, service key, method key, arguments
     * @param answer  RESPONSE: type, id, status, result
     */
    record FrameSizes(int request, int answer) {

        static FrameSizes ofSeedRpcKryo(Payload payload) {
            Method method = echoMethod(payload);
            MethodDescriptor descriptor = MethodDescriptor.of(method);
            Codec kryo = new KryoCodec(new TypeAllowlist().allowTypesReachableFrom(EchoService.class));
            Object value = payload == Payload.STRING ? Payload.TEXT : Payload.OBJECT_VALUE;
            try {
                ByteArrayOutputStream arguments = new ByteArrayOutputStream();
                kryo.writeArguments(arguments, new Object[] {value}, descriptor.parameterTypes());
                ByteArrayOutputStream result = new ByteArrayOutputStream();
                kryo.writeValue(result, value, descriptor.resultType());
                int request = 1 + 8 + 4 + shortString(ServiceKeys.of(EchoService.class, ""))
                        + shortString(descriptor.key()) + arguments.size();
                int answer = 1 + 8 + 1 + result.size();
                return new FrameSizes(request, answer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static int shortString(String value) {
            return 2 + value.getBytes(StandardCharsets.UTF_8).length;
        }

        private static Method echoMethod(Payload payload) {
            try {
                return payload == Payload.STRING
                        ? EchoService.class.getMethod("echo", String.class)
                        : EchoService.class.getMethod("echoObject", io.seedrpc.benchmark.echo.SmallObject.class);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
