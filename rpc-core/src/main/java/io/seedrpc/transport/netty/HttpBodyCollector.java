package io.seedrpc.transport.netty;

import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/**
 * Collects a request's body up to the frame limit and passes on the whole request, or a {@link RefusedRequest}:
 * a malformed or oversized head (the connection then closes, the rest of the stream cannot be parsed), or a body
 * over the limit (its remaining bytes are read and dropped as they come, never buffered, so the connection stays
 * usable). Answers {@code Expect: 100-continue} itself. Used on the connection's event loop only.
 */
final class HttpBodyCollector extends ChannelInboundHandlerAdapter {

    private final int maxBodyBytes;
    private final Runnable requestArrived;
    private HttpRequest head;
    private CompositeByteBuf body;
    private boolean discarding;

    HttpBodyCollector(int maxBodyBytes, Runnable requestArrived) {
        this.maxBodyBytes = maxBodyBytes;
        this.requestArrived = requestArrived;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            onHead(ctx, request);
        }
        if (msg instanceof HttpContent content) {
            onContent(ctx, content);
        } else if (!(msg instanceof HttpRequest)) {
            ctx.fireChannelRead(msg);
        }
    }

    private void onHead(ChannelHandlerContext ctx, HttpRequest request) {
        releaseBody();
        DecoderResult result = request.decoderResult();
        if (!result.isSuccess()) {
            discarding = true;
            refuse(ctx, malformedStatus(result.cause()), "malformed HTTP request: " + result.cause().getMessage(), true);
            return;
        }
        long declared = HttpUtil.getContentLength(request, -1L);
        if (declared > maxBodyBytes) {
            boolean expectsContinue = HttpUtil.is100ContinueExpected(request);
            // Told to wait for 100 Continue, the client may never send the body we would wait to drop: close instead.
            discarding = !expectsContinue;
            refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge(declared + " bytes"), expectsContinue);
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            HttpUtil.set100ContinueExpected(request, false);
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
        discarding = false;
        head = request;
        body = ctx.alloc().compositeBuffer(64);
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        try {
            if (!content.decoderResult().isSuccess()) {
                // A malformed chunk: the decoder drops everything after it, so this connection cannot go on.
                releaseBody();
                discarding = true;
                refuse(ctx, HttpResponseStatus.BAD_REQUEST, "malformed HTTP body: "
                        + content.decoderResult().cause().getMessage(), true);
                return;
            }
            if (discarding || head == null) {
                if (content instanceof LastHttpContent) {
                    discarding = false;
                }
                return;
            }
            if (body.readableBytes() + content.content().readableBytes() > maxBodyBytes) {
                releaseBody();
                discarding = !(content instanceof LastHttpContent);
                refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge("more than that"), false);
                return;
            }
            body.addComponent(true, content.content().retain());
            if (content instanceof LastHttpContent last) {
                DefaultFullHttpRequest whole = new DefaultFullHttpRequest(head.protocolVersion(), head.method(),
                        head.uri(), body, head.headers(), last.trailingHeaders());
                head = null;
                body = null;
                requestArrived.run();
                ctx.fireChannelRead(whole);
            }
        } finally {
            content.release();
        }
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean close) {
        head = null;
        requestArrived.run();
        ctx.fireChannelRead(new RefusedRequest(status, message, close));
    }

    private String tooLarge(String size) {
        return "the request body is " + size + ", over this server's limit of " + maxBodyBytes
                + " bytes (its max frame size)";
    }

    private static HttpResponseStatus malformedStatus(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponseStatus.REQUEST_URI_TOO_LONG;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        return HttpResponseStatus.BAD_REQUEST;
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBody();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBody();
        ctx.fireChannelInactive();
    }
}
