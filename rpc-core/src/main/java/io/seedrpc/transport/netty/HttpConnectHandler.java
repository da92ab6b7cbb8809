package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.seedrpc.Address;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Opens an {@code http://} address: sends {@code CONNECT host:port}, reads the response head however it is
 * segmented, and on a 2xx status steps aside and fires {@link #TUNNEL_ESTABLISHED}; any other answer fails the
 * connection with the status line it got.
 */
final class HttpConnectHandler extends ByteToMessageDecoder {

    /** Fired down the pipeline once the tunnel is open. */
    static final Object TUNNEL_ESTABLISHED = new Object();

    private static final int MAX_RESPONSE_HEAD_BYTES = 8 * 1024;
    private static final ByteBuf END_OF_HEAD = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer(new byte[] {'\r', '\n', '\r', '\n'}));

    private final Address address;
    private final CompletableFuture<?> ready;

    HttpConnectHandler(Address address, CompletableFuture<?> ready) {
        this.address = address;
        this.ready = ready;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        String authority = (address.host().indexOf(':') >= 0 ? "[" + address.host() + "]" : address.host())
                + ":" + address.port();
        String request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n";
        ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), request), ctx.voidPromise());
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int end = ByteBufUtil.indexOf(END_OF_HEAD.duplicate(), in);
        if (end < 0) {
            if (in.readableBytes() > MAX_RESPONSE_HEAD_BYTES) {
                throw new TooLongFrameException("the answer to HTTP CONNECT from " + address + " is over "
                        + MAX_RESPONSE_HEAD_BYTES + " bytes without an end of headers");
            }
            return;
        }
        String head = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.ISO_8859_1);
        in.readerIndex(end + 4);
        String statusLine = head.lines().findFirst().orElse("");
        if (!isSuccess(statusLine)) {
            ready.completeExceptionally(new RpcException(StatusCode.CONNECTION_ERROR,
                    "HTTP CONNECT to " + address + " was answered '" + statusLine + "'"));
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(TUNNEL_ESTABLISHED);
    }

    private static boolean isSuccess(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        return parts.length >= 2 && parts[0].startsWith("HTTP/1.") && parts[1].length() == 3
                && parts[1].charAt(0) == '2';
    }
}
