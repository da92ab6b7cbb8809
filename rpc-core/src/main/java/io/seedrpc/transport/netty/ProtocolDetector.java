package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.seedrpc.protocol.FrameType;
import io.seedrpc.protocol.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Port unification: looks at the first bytes of a connection and installs either the binary protocol (they are
 * the magic number) or HTTP (they are an upper-case method name, see {@link HttpPipeline}), then steps aside. Anything else closes the
 * connection with a log line.
 */
final class ProtocolDetector extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(ProtocolDetector.class);
    private static final String HTTP_DISABLED_BODY = "HTTP is turned off on this SeedRPC port; it speaks the binary"
            + " protocol only\n";

    private final ServerChannelSetup setup;

    ProtocolDetector(ServerChannelSetup setup) {
        this.setup = setup;
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
            pipeline.addAfter(ctx.name(), "frames", new FrameDecoder(setup.options().maxFrameSize()));
            pipeline.addAfter("frames", "rpc", new ServerConnectionHandler(setup));
            pipeline.remove(this);
        } else if (looksLikeHttpMethod(in, start)) {
            if (!setup.options().httpEnabled()) {
                refuseHttp(ctx, in);
                return;
            }
            HttpPipeline.install(ctx.pipeline(), ctx.name(), setup);
            ctx.pipeline().remove(this);
        } else {
            log.warn("Closing connection from {}: its first bytes 0x{} are neither the SeedRPC magic 0x{} nor HTTP",
                    ctx.channel().remoteAddress(), ByteBufUtil.hexDump(in, start, 4),
                    Integer.toHexString(Protocol.MAGIC));
            in.skipBytes(in.readableBytes());
            ctx.close();
        }
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

    /** HTTP is off: one plain answer a person can read, rather than a silent close, then the connection closes. */
    private static void refuseHttp(ChannelHandlerContext ctx, ByteBuf in) {
        log.debug("Refusing HTTP from {}: HTTP is turned off", ctx.channel().remoteAddress());
        in.skipBytes(in.readableBytes());
        String response = "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + HTTP_DISABLED_BODY.length() + "\r\nConnection: close\r\n\r\n" + HTTP_DISABLED_BODY;
        ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), response)).addListener(ChannelFutureListener.CLOSE);
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
