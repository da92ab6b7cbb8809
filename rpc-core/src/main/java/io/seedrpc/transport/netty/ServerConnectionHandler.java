package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.seedrpc.Metadata;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.Codec;
import io.seedrpc.transport.ServerCallHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server side of one binary-protocol connection: handshake, then requests, cancels and pings. Keeps the
 * calls in flight on this connection so a cancel or a closed connection reaches them. A malformed frame closes
 * this connection only.
 */
final class ServerConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ServerConnectionHandler.class);

    private final ServerChannelSetup setup;
    private final ServerCallHandler callHandler;
    private final KeyCache keys = new KeyCache();
    private final CallTable<NettyServerCall> calls = new CallTable<>(NettyServerCall::requestId);
    private io.netty.channel.Channel channel;
    private OutboundQueue out;
    private String remote;
    /** The connection as its calls see it; {@code null} until the handshake is done. */
    private RpcConnection connection;
    private final AtomicBoolean goAwaySent = new AtomicBoolean();
    private io.netty.util.concurrent.ScheduledFuture<?> deadlineSweep;
    /** When the connection went above its write buffer's high-water mark, 0 while it is below. */
    private long unwritableSinceNanos;

    ServerConnectionHandler(ServerChannelSetup setup) {
        this.setup = setup;
        this.callHandler = setup.callHandler();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        out = new OutboundQueue(channel, setup.budget());
        remote = String.valueOf(ctx.channel().remoteAddress());
        deadlineSweep = ctx.executor().scheduleAtFixedRate(this::expireOverdueCalls, DeadlineSweep.PERIOD_MILLIS,
                DeadlineSweep.PERIOD_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void expireOverdueCalls() {
        if (unwritableSinceNanos != 0) {
            closeIfSlowReader();
        }
        if (calls.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        calls.forEach(call -> {
            if (call.isOverdueAt(now)) {
                call.expire();
            }
        });
    }

    private void closeIfSlowReader() {
        long stalledNanos = System.nanoTime() - unwritableSinceNanos;
        if (stalledNanos > setup.settings().limits().slowReaderTimeout().toNanos() && channel.isActive()) {
            log.warn("Closing connection from {}: it has not read its answers for {} ms ({} bytes unsent, {} calls "
                    + "in flight)", remote, stalledNanos / 1_000_000, channel.unsafe().outboundBuffer() == null ? 0
                    : channel.unsafe().outboundBuffer().totalPendingWriteBytes(), calls.size());
            unwritableSinceNanos = 0;
            channel.close();
        }
    }

    /**
     * Backpressure: while the client leaves more answers unread than the high-water mark, read nothing more
     * from it, so that it cannot make the server run calls whose answers would only pile up; read again below
     * the low-water mark. The TCP window then slows the client down.
     */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        ctx.channel().config().setAutoRead(writable);
        unwritableSinceNanos = writable ? 0 : System.nanoTime();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        out.readBatchStarted();
        ByteBuf frame = (ByteBuf) msg;
        boolean handedOver = false;
        try {
            FrameType type = FrameType.fromCode(frame.readByte());
            if (type == null) {
                closeMalformed(ctx, "unknown frame type 0x" + Integer.toHexString(frame.getByte(0) & 0xFF));
            } else if (connection == null && type != FrameType.HANDSHAKE) {
                closeMalformed(ctx, type + " frame before the handshake");
            } else {
                switch (type) {
                    case HANDSHAKE -> onHandshake(ctx, frame);
                    case REQUEST -> handedOver = onRequest(frame);
                    case CANCEL -> onCancel(frame.readLong());
                    case PING -> send(ctx, FrameType.PONG, frame.readLong());
                    case PONG -> { }
                    default -> closeMalformed(ctx, "unexpected " + type + " frame from a client");
                }
            }
        } catch (IndexOutOfBoundsException e) {
            closeMalformed(ctx, "truncated frame: " + e.getMessage());
        } finally {
            if (!handedOver) {
                frame.release();
            }
        }
    }

    private void onHandshake(ChannelHandlerContext ctx, ByteBuf frame) {
        if (connection != null) {
            closeMalformed(ctx, "a second handshake");
            return;
        }
        HandshakeMessages.Hello hello = HandshakeMessages.readHello(frame);
        String token = setup.authToken();
        Codec requested = setup.codecs().byId(hello.codecId()).orElse(null);
        if (token != null && !tokenMatches(token, hello.authToken())) {
            reject(ctx, HandshakeRejection.UNAUTHORIZED, "unauthorized: the handshake's auth token is "
                    + (hello.authToken().isEmpty() ? "missing" : "wrong"));
        } else if (requested == null) {
            reject(ctx, HandshakeRejection.UNSUPPORTED_CODEC, "codec id " + (hello.codecId() & 0xFF)
                    + " is not supported; this server speaks "
                    + setup.codecs().all().stream().map(c -> c.name() + "=" + (c.id() & 0xFF)).toList());
        } else if (setup.connections().isDraining()) {
            reject(ctx, HandshakeRejection.SHUTTING_DOWN, "server is shutting down");
        } else {
            accept(ctx, requested, hello);
        }
    }

    private void reject(ChannelHandlerContext ctx, HandshakeRejection rejection, String reason) {
        log.warn("Rejected handshake from {}: {}", remote, reason);
        ctx.writeAndFlush(HandshakeMessages.rejected(ctx.alloc(), setup.settings().maxFrameSize(), rejection, reason))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void accept(ChannelHandlerContext ctx, Codec requested, HandshakeMessages.Hello hello) {
        connection = new RpcConnection(channel, remote, requested, hello.maxFrameSize(), out, setup.budget(),
                setup.connections(), calls, setup.streams());
        ctx.channel().attr(NettyServerTransport.HANDSHAKE_DONE).set(Boolean.TRUE);
        setup.connections().addRpc(this);
        ctx.writeAndFlush(HandshakeMessages.accepted(ctx.alloc(), setup.settings().maxFrameSize()));
        setup.connections().goAwayIfDraining(this);
    }

    /**
     * Starts the call a REQUEST frame carries. The frame itself, its reader index at the body, becomes the call's
     * body: no slice and no second reference count per call.
     *
     * @return whether the call took the frame over (it then releases it); {@code false} leaves it to the caller
     */
    private boolean onRequest(ByteBuf frame) {
        long id = frame.readLong();
        int timeoutMillis = frame.readInt();
        // The one place the call's clock starts: its deadline is the wire's budget from now.
        long arrivedNanos = System.nanoTime();
        String serviceKey = keys.read(frame);
        String methodKey = keys.read(frame);
        Metadata metadata;
        try {
            metadata = MetadataBlock.read(frame, setup.settings().metadataLimits());
        } catch (MetadataBlock.Rejected e) {
            // This call alone fails: the frame was well-formed, so the connection and its other calls go on.
            new NettyServerCall(connection, id, serviceKey, methodKey, timeoutMillis, arrivedNanos, Metadata.empty(),
                    Unpooled.EMPTY_BUFFER).sendError(StatusCode.BAD_REQUEST, null,
                    serviceKey + "." + methodKey + " was not run: " + e.getMessage());
            return false;
        }
        NettyServerCall call = new NettyServerCall(connection, id, serviceKey, methodKey, timeoutMillis,
                arrivedNanos, metadata, frame);
        int maxCalls = setup.settings().limits().maxCallsPerConnection();
        if (calls.size() >= maxCalls) {
            call.sendError(StatusCode.SERVER_BUSY, null, "server busy: this connection already has " + maxCalls
                    + " calls in flight, the most one connection may have; " + serviceKey + "." + methodKey
                    + " was not run");
            return true;
        }
        if (!calls.putIfAbsent(id, call)) {
            call.sendError(StatusCode.BAD_REQUEST, null, "request id " + id
                    + " is already in flight on this connection");
            return true;
        }
        try {
            callHandler.onCall(call);
        } catch (RuntimeException | Error e) {
            log.warn("Cannot dispatch {}.{} from {}", serviceKey, methodKey, remote, e);
            call.sendError(StatusCode.INTERNAL, e.getClass().getName(), "the server failed to start "
                    + serviceKey + "." + methodKey + ": " + e);
        }
        return true;
    }

    private void onCancel(long id) {
        NettyServerCall call = calls.get(id);
        if (call != null) {
            call.cancel();
        }
    }

    /** Sends GOAWAY once; shutdown and a handshake accepted during it may both ask. Any thread. */
    void sendGoAway(String reason) {
        if (!goAwaySent.compareAndSet(false, true)) {
            return;
        }
        ByteBuf frame = Frames.begin(channel.alloc(), FrameType.GOAWAY, 32);
        Frames.writeMessage(frame, reason);
        out.enqueue(Frames.seal(frame));
    }

    private static void send(ChannelHandlerContext ctx, FrameType type, long payload) {
        ByteBuf frame = Frames.begin(ctx.alloc(), type, 8);
        frame.writeLong(payload);
        ctx.writeAndFlush(Frames.seal(frame), ctx.voidPromise());
    }

    /** The queue this connection's frames leave by; the transport's close drains it. */
    OutboundQueue out() {
        return out;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        out.readBatchEnded();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deadlineSweep.cancel(false);
        setup.connections().removeRpc(this);
        if (!calls.isEmpty()) {
            log.debug("Connection from {} closed with {} calls in flight; cancelling them", remote, calls.size());
            calls.forEach(NettyServerCall::cancel);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            log.debug("Closing connection from {}: silent for longer than the idle timeout", remote);
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof FrameRefusedException refused) {
            refuseFrame(ctx, refused);
        } else if (cause instanceof DecoderException) {
            closeMalformed(ctx, cause.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("Connection from {} failed: {}", remote, cause.toString());
            ctx.close();
        } else {
            log.warn("Closing connection from {} after an unexpected error", remote, cause);
            ctx.close();
        }
    }

    private void refuseFrame(ChannelHandlerContext ctx, FrameRefusedException refused) {
        log.warn("Closing connection from {}: {}", remote, refused.getMessage());
        if (refused.requestId() < 0 || connection == null) {
            ctx.close();
            return;
        }
        ByteBuf frame = Frames.begin(ctx.alloc(), FrameType.RESPONSE, 256);
        frame.writeLong(refused.requestId());
        frame.writeByte(StatusCode.SERVER_BUSY.wireValue());
        Frames.writeShortString(frame, null);
        Frames.writeMessage(frame, "server busy: " + refused.getMessage() + "; the call was not run");
        ctx.writeAndFlush(Frames.seal(frame)).addListener(ChannelFutureListener.CLOSE);
    }

    private void closeMalformed(ChannelHandlerContext ctx, String why) {
        log.warn("Closing connection from {}: {}", remote, why);
        ctx.close();
    }

    private static boolean tokenMatches(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
