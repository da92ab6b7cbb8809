package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.seedrpc.Address;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.Codec;
import io.seedrpc.protocol.Protocol;
import io.seedrpc.transport.ClientConnection;
import io.seedrpc.transport.ClientTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of one connection: sends the preface and handshake once the transport is ready (at once for
 * TCP, after the tunnel for HTTP), completes {@code ready} with the connection when the server accepts, then
 * routes responses, pongs and drain requests to it. Pings when the connection has been silent.
 *
 * <p>Frames come from the {@link FrameDecoder} as a {@link FrameSink}, not down the pipeline: each is handled to
 * the end on the event loop (a response's value is decoded and its call completed) before the decoder moves on, so
 * it can be read in place in the read buffer.
 */
final class ClientConnectionHandler extends ChannelInboundHandlerAdapter implements FrameSink {

    private static final Logger log = LoggerFactory.getLogger(ClientConnectionHandler.class);

    private final Address address;
    private final Codec codec;
    private final ClientTransport.Settings settings;
    private final String authToken;
    private final FrameStreams streams;
    private final CompletableFuture<ClientConnection> ready;
    private NettyClientConnection connection;
    /** This handler's place in the pipeline: frames written from here go through the handlers before it. */
    private ChannelHandlerContext ctx;

    ClientConnectionHandler(Address address, Codec codec, ClientTransport.Settings settings, String authToken,
                            FrameStreams streams, CompletableFuture<ClientConnection> ready) {
        this.address = address;
        this.codec = codec;
        this.settings = settings;
        this.authToken = authToken;
        this.streams = streams;
        this.ready = ready;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (address.scheme() == Address.Scheme.TCP) {
            sendHandshake(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == HttpConnectHandler.TUNNEL_ESTABLISHED) {
            sendHandshake(ctx);
        } else if (evt instanceof IdleStateEvent idle) {
            onIdle(ctx, idle);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    private void sendHandshake(ChannelHandlerContext ctx) {
        ByteBuf preface = ctx.alloc().ioBuffer(5);
        preface.writeInt(Protocol.MAGIC).writeByte(Protocol.VERSION);
        ctx.write(preface, ctx.voidPromise());
        ByteBuf hello = Frames.begin(ctx.alloc(), FrameType.HANDSHAKE, 32);
        HandshakeMessages.writeHello(hello, codec.id(), settings.maxFrameSize(), authToken);
        ctx.writeAndFlush(Frames.seal(hello), ctx.voidPromise());
    }

    private void onIdle(ChannelHandlerContext ctx, IdleStateEvent idle) {
        if (idle.state() == IdleState.READER_IDLE) {
            log.warn("Closing the connection to {}: nothing received for {} ms", address,
                    3 * settings.pingInterval().toMillis());
            ctx.close();
        } else if (connection != null) {
            connection.sendPing();
        }
    }

    /** Handles one frame, read in place; nothing of it is kept (see {@link FrameSink}). */
    @Override
    public void onFrame(ByteBuf frame) {
        if (connection != null) {
            connection.outbound().readBatchStarted();
        }
        try {
            FrameType type = FrameType.fromCode(frame.readByte());
            if (connection == null) {
                onHandshakeResult(ctx, type, frame);
            } else if (type == FrameType.RESPONSE) {
                connection.onResponse(frame);
            } else if (type == FrameType.PING) {
                ByteBuf pong = Frames.begin(ctx.alloc(), FrameType.PONG, 8);
                pong.writeLong(frame.readLong());
                ctx.writeAndFlush(Frames.seal(pong), ctx.voidPromise());
            } else if (type == FrameType.GOAWAY) {
                connection.onGoAway(Frames.readShortString(frame));
            } else if (type != FrameType.PONG) {
                closeMalformed(ctx, "unexpected frame type " + (type == null ? "unknown" : type));
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            closeMalformed(ctx, "malformed frame: " + e.getMessage());
        } catch (RuntimeException e) {
            // As if thrown from channelRead: the pipeline would have handed it to exceptionCaught.
            exceptionCaught(ctx, e);
        }
    }

    private void onHandshakeResult(ChannelHandlerContext ctx, FrameType type, ByteBuf frame) {
        if (type != FrameType.HANDSHAKE_RESULT) {
            failReady(ctx, new RpcException(StatusCode.CONNECTION_ERROR, address + " sent " + type
                    + " instead of a handshake result; is it a SeedRPC server?"));
            return;
        }
        HandshakeMessages.Result result = HandshakeMessages.readResult(frame);
        if (!result.accepted()) {
            failReady(ctx, new RpcException(statusOf(result.rejection()), address + " rejected the handshake: "
                    + result.reason()));
            return;
        }
        connection = new NettyClientConnection(ctx.channel(), address, codec, result.maxFrameSize(), settings,
                streams);
        if (!ready.complete(connection)) {
            // The handshake timed out just before the answer came: nobody will use this connection.
            ctx.close();
        }
    }

    /** What a rejected handshake means for the caller: decided by the server's code, never by its words. */
    private static StatusCode statusOf(HandshakeRejection rejection) {
        return switch (rejection) {
            case UNAUTHORIZED -> StatusCode.UNAUTHORIZED;
            case UNSPECIFIED, UNSUPPORTED_CODEC, SHUTTING_DOWN, UNSUPPORTED_VERSION, TLS_REQUIRED, TLS_NOT_OFFERED ->
                    StatusCode.CONNECTION_ERROR;
        };
    }

    private void failReady(ChannelHandlerContext ctx, RpcException failure) {
        ready.completeExceptionally(failure);
        ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (connection != null) {
            // Calls made from completion callbacks during the batch go out in one flush.
            connection.outbound().readBatchEnded();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.onClosed();
        } else {
            ready.completeExceptionally(new RpcException(StatusCode.CONNECTION_ERROR,
                    address + " closed the connection during the handshake"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            closeMalformed(ctx, cause.getMessage());
            return;
        }
        if (cause instanceof IOException) {
            log.debug("Connection to {} failed: {}", address, cause.toString());
        } else {
            log.warn("Closing the connection to {} after an unexpected error", address, cause);
        }
        failReady(ctx, new RpcException(StatusCode.CONNECTION_ERROR, "connection to " + address + " failed: "
                + cause.getMessage(), cause));
    }

    private void closeMalformed(ChannelHandlerContext ctx, String why) {
        log.warn("Closing the connection to {}: {}", address, why);
        failReady(ctx, new RpcException(StatusCode.CONNECTION_ERROR, address + " sent a malformed frame: " + why));
    }
}
