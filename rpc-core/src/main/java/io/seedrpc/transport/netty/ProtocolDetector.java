package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.seedrpc.protocol.FrameType;
import io.seedrpc.protocol.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Port unification: looks at the first bytes of a connection and installs either the binary protocol (they are
 * the magic number) or HTTP (they are an upper-case method name), then steps aside. Anything else closes the
 * connection with a log line. Inside an HTTP {@code CONNECT} tunnel ({@link #binaryOnly}) only the binary
 * protocol is accepted.
 */
final class ProtocolDetector extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(ProtocolDetector.class);
    private static final int MAX_HTTP_REQUEST_BYTES = 16 * 1024;

    private final ServerChannelSetup setup;
    private final boolean binaryOnly;

    ProtocolDetector(ServerChannelSetup setup) {
        this(setup, false);
    }

    private ProtocolDetector(ServerChannelSetup setup, boolean binaryOnly) {
        this.setup = setup;
        this.binaryOnly = binaryOnly;
    }

    /** A detector for the bytes after {@code CONNECT}: the binary protocol, or the connection closes. */
    static ProtocolDetector binaryOnly(ServerChannelSetup setup) {
        return new ProtocolDetector(setup, true);
    }

    /** Closes a tunnel whose client sent {@code what} instead of the binary protocol, with one WARN line. */
    static void closeNotBinary(ChannelHandlerContext ctx, String what) {
        log.warn("Closing connection from {}: only the SeedRPC binary protocol may follow HTTP CONNECT, it sent {}",
                ctx.channel().remoteAddress(), what);
        ctx.close();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        if (in.getInt(start) == Protocol.MAGIC) {
            if (in.readableBytes() < 5) {
                return;
            }
            byte version = in.getByte(start + 4);
            if (version != Protocol.VERSION) {
                rejectVersion(ctx, in, version);
                return;
            }
            in.skipBytes(5);
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.addAfter(ctx.name(), "frames", new FrameDecoder(setup.options().maxFrameSize(), setup.budget()));
            pipeline.addAfter("frames", "rpc", new ServerConnectionHandler(setup));
            pipeline.remove(this);
        } else if (binaryOnly) {
            closeNotBinary(ctx, "the bytes 0x" + ByteBufUtil.hexDump(in, start, 4));
            in.skipBytes(in.readableBytes());
        } else if (looksLikeHttpMethod(in, start)) {
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.addAfter(ctx.name(), "http", new HttpServerCodec());
            pipeline.addAfter("http", "http-aggregator", new HttpObjectAggregator(MAX_HTTP_REQUEST_BYTES));
            pipeline.addAfter("http-aggregator", "http-endpoint", new HttpEndpointHandler(setup));
            pipeline.remove(this);
        } else {
            log.warn("Closing connection from {}: its first bytes 0x{} are neither the SeedRPC magic 0x{} nor HTTP",
                    ctx.channel().remoteAddress(), ByteBufUtil.hexDump(in, start, 4),
                    Integer.toHexString(Protocol.MAGIC));
            in.skipBytes(in.readableBytes());
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Nothing reaches the end of the pipeline: one line, and this connection closes.
        log.warn("Closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void rejectVersion(ChannelHandlerContext ctx, ByteBuf in, byte version) {
        String reason = "unsupported protocol version " + (version & 0xFF) + "; this server speaks "
                + Protocol.VERSION;
        log.warn("Closing connection from {}: {}", ctx.channel().remoteAddress(), reason);
        in.skipBytes(in.readableBytes());
        ByteBuf result = Frames.begin(ctx.alloc(), FrameType.HANDSHAKE_RESULT, 64);
        HandshakeMessages.writeResult(result, false, setup.options().maxFrameSize(), reason);
        ctx.writeAndFlush(Frames.seal(result)).addListener(ChannelFutureListener.CLOSE);
    }

    private static boolean looksLikeHttpMethod(ByteBuf in, int start) {
        for (int i = 0; i < 4; i++) {
            byte b = in.getByte(start + i);
            boolean upper = b >= 'A' && b <= 'Z';
            if (!upper && !(i == 3 && b == ' ')) {
                return false;
            }
        }
        return true;
    }
}
