package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import io.seedrpc.protocol.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Port unification: looks at the first bytes of a connection and installs either the binary protocol (they are
 * the magic number) or HTTP (they are an upper-case method name, see {@link HttpPipeline}), then steps aside.
 * Anything else closes the connection with a log line. On a server with TLS, the first bytes must be a TLS
 * handshake: TLS is installed and a second detector looks at what it carries; plaintext is refused with a reason
 * in the client's own protocol. On a server without TLS, a TLS handshake is refused with a plaintext answer. Inside an HTTP
 * {@code CONNECT} tunnel ({@link #binaryOnly}) only the binary protocol is accepted.
 */
final class ProtocolDetector extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(ProtocolDetector.class);
    private static final String HTTP_DISABLED_BODY = "HTTP is turned off on this SeedRPC port; it speaks the binary"
            + " protocol only\n";

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
        boolean tlsExpected = setup.sslContext() != null && ctx.pipeline().get(SslHandler.class) == null;
        if (looksLikeTls(in, start)) {
            if (tlsExpected) {
                startTls(ctx);
            } else {
                rejectTls(ctx, in);
            }
            return;
        }
        if (tlsExpected) {
            rejectPlaintext(ctx, in, start);
            return;
        }
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
            pipeline.addAfter(ctx.name(), "frames", new FrameDecoder(setup.settings().maxFrameSize(), setup.budget()));
            pipeline.addAfter("frames", "rpc", new ServerConnectionHandler(setup));
            pipeline.remove(this);
        } else if (binaryOnly) {
            closeNotBinary(ctx, "the bytes 0x" + ByteBufUtil.hexDump(in, start, 4));
            in.skipBytes(in.readableBytes());
        } else if (looksLikeHttpMethod(in, start)) {
            if (!setup.settings().httpEnabled()) {
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

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Nothing reaches the end of the pipeline: one line, and this connection closes.
        log.warn("Closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** TLS in front, then a detector for what the TLS connection carries (binary protocol or HTTP). */
    private void startTls(ChannelHandlerContext ctx) {
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addAfter(ctx.name(), "tls", setup.sslContext().newHandler(ctx.alloc()));
        pipeline.addAfter("tls", "tls-errors", new ServerTlsHandler());
        pipeline.addAfter("tls-errors", "detector-tls", new ProtocolDetector(setup));
        pipeline.remove(this);
    }

    /** A TLS ClientHello on a port without TLS: answer in plaintext, which the client's TLS layer reports at once. */
    private void rejectTls(ChannelHandlerContext ctx, ByteBuf in) {
        log.warn("Closing connection from {}: it began a TLS handshake, but this server has no TLS configured",
                ctx.channel().remoteAddress());
        in.skipBytes(in.readableBytes());
        ctx.writeAndFlush(HandshakeMessages.rejected(ctx.alloc(), setup.settings().maxFrameSize(),
                HandshakeRejection.TLS_NOT_OFFERED, "this server does not speak TLS on this port"))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Plaintext on a TLS port: tell a SeedRPC or HTTP client why, in its own protocol, then close. */
    private void rejectPlaintext(ChannelHandlerContext ctx, ByteBuf in, int start) {
        String reason = "this server expects TLS on this port; configure TLS on the client";
        log.warn("Closing connection from {}: it did not start with a TLS handshake, and this server expects TLS",
                ctx.channel().remoteAddress());
        boolean rpc = in.getInt(start) == Protocol.MAGIC;
        boolean http = !rpc && looksLikeHttpMethod(in, start);
        in.skipBytes(in.readableBytes());
        if (rpc) {
            ctx.writeAndFlush(HandshakeMessages.rejected(ctx.alloc(), setup.settings().maxFrameSize(),
                    HandshakeRejection.TLS_REQUIRED, reason)).addListener(ChannelFutureListener.CLOSE);
        } else if (http) {
            String body = reason + " (https://)\n";
            String response = "HTTP/1.1 400 TLS Required\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body;
            ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), response)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    /** A TLS handshake record (content type 22) of any TLS version (major version 3). */
    private static boolean looksLikeTls(ByteBuf in, int start) {
        return in.getUnsignedByte(start) == 0x16 && in.getUnsignedByte(start + 1) == 0x03;
    }

    private void rejectVersion(ChannelHandlerContext ctx, ByteBuf in, byte version) {
        String reason = "unsupported protocol version " + (version & 0xFF) + "; this server speaks "
                + Protocol.VERSION;
        log.warn("Closing connection from {}: {}", ctx.channel().remoteAddress(), reason);
        in.skipBytes(in.readableBytes());
        // The same first three fields for every version: a peer of another version can read why it was refused.
        ctx.writeAndFlush(HandshakeMessages.rejected(ctx.alloc(), setup.settings().maxFrameSize(),
                HandshakeRejection.UNSUPPORTED_VERSION, reason)).addListener(ChannelFutureListener.CLOSE);
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
