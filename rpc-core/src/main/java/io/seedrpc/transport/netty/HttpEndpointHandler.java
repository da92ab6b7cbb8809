package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of the RPC port: {@code CONNECT} turns the connection into a binary-protocol tunnel (the client
 * then sends the magic number as on a plain connection; the binary handshake checks the token), {@code GET
 * /debug/rpc} serves the debug page. With a server token, every request but {@code CONNECT} needs it as a bearer
 * token and is answered {@code 401} before anything else is looked at. Every other request gets a 404 or 405 and
 * the connection closes.
 */
final class HttpEndpointHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** The path of the debug page. */
    static final String DEBUG_PATH = "/debug/rpc";

    private static final Logger log = LoggerFactory.getLogger(HttpEndpointHandler.class);

    private final ServerChannelSetup setup;
    /** Set once a CONNECT was answered: anything HTTP after it (a pipelined request) ends the connection. */
    private boolean tunnelOpened;

    HttpEndpointHandler(ServerChannelSetup setup) {
        this.setup = setup;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (tunnelOpened) {
            ProtocolDetector.closeNotBinary(ctx, "an HTTP " + request.method() + " request");
        } else if (!request.decoderResult().isSuccess()) {
            reply(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request\n", "text/plain");
        } else if (HttpMethod.CONNECT.equals(request.method())) {
            openTunnel(ctx);
        } else if (!setup.httpAuth().permits(request)) {
            ctx.writeAndFlush(HttpBearerAuth.unauthorized()).addListener(ChannelFutureListener.CLOSE);
        } else if (!DEBUG_PATH.equals(new QueryStringDecoder(request.uri()).path())) {
            reply(ctx, HttpResponseStatus.NOT_FOUND, "this port serves SeedRPC; try GET " + DEBUG_PATH + "\n",
                    "text/plain");
        } else if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            reply(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, DEBUG_PATH + " answers GET only\n", "text/plain");
        } else {
            reply(ctx, HttpResponseStatus.OK, setup.debugPage().get(), "text/html; charset=utf-8");
        }
    }

    private void openTunnel(ChannelHandlerContext ctx) {
        tunnelOpened = true;
        // A well-formed status line matters: a client that parses it strictly must see exactly this shape.
        ctx.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(200, "Connection established")));
        ChannelPipeline pipeline = ctx.pipeline();
        // Only the binary protocol may follow: a second HTTP request in the tunnel closes the connection.
        pipeline.addAfter(ctx.name(), "tunnel-detector", ProtocolDetector.binaryOnly(setup));
        pipeline.remove("http-aggregator");
        pipeline.remove("http");
        pipeline.remove(this);
        log.debug("HTTP CONNECT tunnel opened for {}", ctx.channel().remoteAddress());
    }

    private static void reply(ChannelHandlerContext ctx, HttpResponseStatus status, String body, String type) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, type)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
