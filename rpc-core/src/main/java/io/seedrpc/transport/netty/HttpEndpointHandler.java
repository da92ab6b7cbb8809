package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.seedrpc.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of the RPC port, one instance per connection:
 * <ul>
 *   <li>{@code POST /rpc/<service key>/<method>} with a JSON body calls a method through the server's dispatcher,
 *       as a binary request would, and answers its result as JSON;</li>
 *   <li>{@code GET /rpc} describes the services as JSON, {@code GET /debug/rpc} is the debug page;</li>
 *   <li>{@code CONNECT} turns the connection into a binary-protocol tunnel.</li>
 * </ul>
 * Connections are kept alive. Pipelined requests are answered in order, one call at a time: at most
 * {@value #MAX_PIPELINED} requests may wait their turn (more closes the connection). The connection is not read
 * while answers are piling up unread (the channel is not writable), so a client that never reads holds at most
 * Netty's write buffer high-water mark plus one answer. A client that hangs up cancels its call in flight. With an auth token, everything but {@code CONNECT} (whose tunnel has its own handshake) needs
 * {@code Authorization: Bearer <token>}. Used on the connection's event loop only, except {@link #answer}.
 */
final class HttpEndpointHandler extends ChannelInboundHandlerAdapter implements HttpServerCall.Responder {

    /** The path of the debug page. */
    static final String DEBUG_PATH = "/debug/rpc";
    /** The path of the JSON description of the services. */
    static final String DESCRIPTION_PATH = "/rpc";
    /** Requests read ahead of their turn that may wait; a client pipelining more is disconnected. */
    static final int MAX_PIPELINED = 16;

    private static final Logger log = LoggerFactory.getLogger(HttpEndpointHandler.class);
    private static final String JSON = "application/json";
    private static final String CALL_SHAPE = "POST /rpc/<service key>/<method> with a JSON body, GET /rpc, GET "
            + DEBUG_PATH;

    private final ServerChannelSetup setup;
    private final BearerToken auth;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private HttpServerCall current;
    private boolean currentKeepAlive;
    private ScheduledFuture<?> currentExpiry;
    private long callCount;
    private boolean closing;

    HttpEndpointHandler(ServerChannelSetup setup) {
        this.setup = setup;
        this.auth = new BearerToken(setup.authToken());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest) && !(msg instanceof RefusedRequest)) {
            ctx.fireChannelRead(msg); // bytes left over while turning into a tunnel
            return;
        }
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (waiting.size() >= MAX_PIPELINED) {
            ReferenceCountUtil.release(msg);
            log.warn("Closing HTTP connection from {}: more than {} pipelined requests waiting", remote(),
                    MAX_PIPELINED);
            closeNow();
            return;
        }
        waiting.add(msg);
        serveWaiting();
    }

    /**
     * Serves waiting requests in order until one starts a call (whose answer resumes this), none is left, or the
     * client stops reading its answers.
     */
    private void serveWaiting() {
        Object next;
        while (current == null && !closing && ctx.channel().isWritable() && (next = waiting.poll()) != null) {
            serve(next);
        }
        // Reading goes on while a call runs, so that a client hanging up cancels it (at most MAX_PIPELINED requests
        // can pile up meanwhile); it stops while the client leaves its answers unread, which would pile up answers.
        ctx.channel().config().setAutoRead(!closing && ctx.channel().isWritable());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            serveWaiting();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void serve(Object msg) {
        if (msg instanceof RefusedRequest refused) {
            sendError(refused.status(), StatusCode.BAD_REQUEST, refused.message(), !refused.closeAfterAnswer());
            return;
        }
        FullHttpRequest request = (FullHttpRequest) msg;
        try {
            route(request);
        } finally {
            request.release();
        }
    }

    private void route(FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpMethod method = request.method();
        if (HttpMethod.CONNECT.equals(method)) {
            openTunnel();
            return;
        }
        String path;
        try {
            path = new QueryStringDecoder(request.uri()).path();
        } catch (IllegalArgumentException e) {
            sendError(HttpResponseStatus.BAD_REQUEST, StatusCode.BAD_REQUEST, "malformed request path "
                    + request.uri() + ": " + e.getMessage(), keepAlive);
            return;
        }
        boolean description = path.equals(DESCRIPTION_PATH) || path.equals(HttpRoute.PREFIX);
        boolean call = !description && path.startsWith(HttpRoute.PREFIX);
        // The token first: without it every path answers 401, so a stranger learns nothing of what exists.
        String rejection = auth.rejection(request.headers());
        if (rejection == null && !description && !call && !path.equals(DEBUG_PATH)) {
            sendError(HttpResponseStatus.NOT_FOUND, StatusCode.UNKNOWN_SERVICE, "nothing at " + path
                    + "; this port serves SeedRPC: " + CALL_SHAPE, keepAlive);
            return;
        }
        if (rejection != null) {
            FullHttpResponse response = errorResponse(HttpResponseStatus.UNAUTHORIZED, StatusCode.UNAUTHORIZED,
                    rejection);
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"seedrpc\"");
            send(response, keepAlive);
        } else if (call) {
            if (HttpMethod.POST.equals(method)) {
                startCall(request, path, keepAlive);
            } else {
                notAllowed(path, method, "POST", keepAlive);
            }
        } else if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            notAllowed(path, method, "GET, HEAD", keepAlive);
        } else if (description) {
            send(response(HttpResponseStatus.OK, JSON, ByteBufUtil.writeUtf8(ctx.alloc(), setup.http().description())),
                    keepAlive);
        } else {
            send(response(HttpResponseStatus.OK, "text/html; charset=utf-8",
                    ByteBufUtil.writeUtf8(ctx.alloc(), setup.http().debugPage())), keepAlive);
        }
    }

    private void startCall(FullHttpRequest request, String path, boolean keepAlive) {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (!isJson(contentType)) {
            sendError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, StatusCode.BAD_REQUEST, "a call's body must be JSON"
                    + " with the header 'Content-Type: application/json'; it was "
                    + (contentType == null ? "not given" : "'" + contentType + "'"), keepAlive);
            return;
        }
        int timeoutMillis;
        try {
            timeoutMillis = RpcTimeoutHeader.parseMillis(request.headers().get(RpcTimeoutHeader.NAME));
        } catch (IllegalArgumentException e) {
            sendError(HttpResponseStatus.BAD_REQUEST, StatusCode.BAD_REQUEST, e.getMessage(), keepAlive);
            return;
        }
        HttpRoute route = HttpRoute.resolve(path, setup.http());
        if (route.method() == null) {
            sendError(HttpStatuses.of(route.failure(), null, null), route.failure(), route.message(), keepAlive);
            return;
        }
        // Seam for call metadata: other request headers become the call's metadata once calls carry any.
        HttpServerCall call = new HttpServerCall(this, ctx.channel(), setup.json(), ++callCount, route, timeoutMillis,
                System.nanoTime(), remote(), request.content().retain());
        current = call;
        currentKeepAlive = keepAlive;
        if (timeoutMillis > 0) {
            // The call's clock started just now, so its whole budget is left.
            currentExpiry = ctx.executor().schedule(call::expire, timeoutMillis, TimeUnit.MILLISECONDS);
        }
        setup.callHandler().onCall(call);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(Locale.ROOT);
        return mime.equals(JSON) || mime.startsWith("application/") && mime.endsWith("+json");
    }

    /** Any thread: hops to the event loop, sends the answer, then serves the next waiting request. */
    @Override
    public void answer(HttpServerCall call, HttpResponseStatus status, StatusCode code, ByteBuf json) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> answer(call, status, code, json));
            return;
        }
        if (call != current) {
            json.release(); // the connection closed meanwhile
            return;
        }
        current = null;
        if (currentExpiry != null) {
            currentExpiry.cancel(false);
            currentExpiry = null;
        }
        FullHttpResponse response = response(status, JSON, json);
        if (code == StatusCode.SERVER_BUSY || code == StatusCode.UNAVAILABLE) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        send(response, currentKeepAlive);
        serveWaiting();
    }

    /** The current request did not arrive in time (see {@link HttpRequestDeadline}). */
    void requestTimedOut() {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        log.debug("HTTP request from {} did not arrive within {} ms", remote(),
                setup.settings().unfinishedHandshakeTimeout().toMillis());
        if (current == null && waiting.isEmpty()) {
            sendError(HttpResponseStatus.REQUEST_TIMEOUT, StatusCode.BAD_REQUEST, "the request did not arrive within "
                    + setup.settings().unfinishedHandshakeTimeout().toMillis() + " ms", false);
        } else {
            closeNow();
        }
    }

    private void notAllowed(String path, HttpMethod method, String allowed, boolean keepAlive) {
        FullHttpResponse response = errorResponse(HttpResponseStatus.METHOD_NOT_ALLOWED, StatusCode.BAD_REQUEST,
                path + " answers " + allowed + ", not " + method);
        response.headers().set(HttpHeaderNames.ALLOW, allowed);
        send(response, keepAlive);
    }

    private void sendError(HttpResponseStatus status, StatusCode code, String message, boolean keepAlive) {
        send(errorResponse(status, code, message), keepAlive);
    }

    private FullHttpResponse errorResponse(HttpResponseStatus status, StatusCode code, String message) {
        return response(status, JSON, HttpServerCall.errorBody(ctx.alloc(), setup.json(), code, message, null));
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    private void send(FullHttpResponse response, boolean keepAlive) {
        // A server shutting down lets each connection finish its answer, then closes it.
        boolean keep = keepAlive && !setup.connections().isDraining();
        HttpUtil.setKeepAlive(response, keep);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keep) {
            closing = true;
            releaseWaiting();
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void openTunnel() {
        // A well-formed status line matters: a client that parses it strictly must see exactly this shape.
        ctx.writeAndFlush(new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                new HttpResponseStatus(200, "Connection established")));
        releaseWaiting();
        HttpPipeline.removeForTunnel(ctx.pipeline(), setup);
        log.debug("HTTP CONNECT tunnel opened for {}", remote());
    }

    private void closeNow() {
        closing = true;
        releaseWaiting();
        ctx.close();
    }

    private void releaseWaiting() {
        Object msg;
        while ((msg = waiting.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    private String remote() {
        return String.valueOf(ctx.channel().remoteAddress());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseWaiting();
        if (currentExpiry != null) {
            currentExpiry.cancel(false);
            currentExpiry = null;
        }
        HttpServerCall call = current;
        current = null;
        if (call != null) {
            log.debug("HTTP connection from {} closed with a call in flight; cancelling it", remote());
            call.cancel();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (current == null) {
                log.debug("Closing HTTP connection from {}: idle for longer than the idle timeout", remote());
                closeNow();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection from {} failed: {}", remote(), cause.toString());
        closeNow();
    }
}
