package io.seedrpc.benchmark.registry;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP/1.1 keep-alive connection to the registry carrying one request at a time, as a provider's or a
 * consumer's client does. Connects on the first request and again after the registry closed it (Tomcat closes a
 * connection after 100 requests). Each request has a timeout, after which its future fails and the connection is
 * closed (its answer could still arrive and be taken for the next one's).
 *
 * <p>Not for concurrent use: the caller sends the next request once the previous one's future has completed
 * ({@link KeepAliveConnections} does this for a pool).
 */
final class KeepAliveConnection implements AutoCloseable {

    private static final int MAX_ANSWER_BYTES = 8 * 1024 * 1024;

    private final Bootstrap bootstrap;
    private final InetSocketAddress address;
    private final String host;
    private Channel channel;
    private CompletableFuture<Answer> pending;
    private ScheduledFuture<?> timeout;
    private boolean closed;

    /** @param bootstrap a bootstrap with its group and channel type set; this adds the handlers */
    KeepAliveConnection(Bootstrap bootstrap, InetSocketAddress address) {
        this.bootstrap = bootstrap.clone().option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_ANSWER_BYTES),
                                new AnswerHandler());
                    }
                });
        this.address = address;
        this.host = address.getHostString() + ":" + address.getPort();
    }

    /** Sends {@code method path} with an optional JSON body; the future completes with the answer or fails. */
    synchronized CompletableFuture<Answer> send(HttpMethod method, String path, byte[] jsonBody, Duration limit) {
        if (pending != null) {
            throw new IllegalStateException("one request at a time on a keep-alive connection");
        }
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        if (closed) {
            answer.completeExceptionally(new IOException("connection closed"));
            return answer;
        }
        pending = answer;
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path,
                jsonBody == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(jsonBody));
        request.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, jsonBody == null ? 0 : jsonBody.length);
        if (jsonBody != null) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        if (channel != null && channel.isActive()) {
            write(channel, request, answer, limit);
        } else {
            // Forget the old channel first: its late close event must not fail the request on the new one.
            channel = null;
            ChannelFuture connect = bootstrap.connect(address);
            connect.addListener(done -> {
                if (done.isSuccess()) {
                    synchronized (this) {
                        channel = connect.channel();
                        if (closed) {
                            channel.close();
                        }
                    }
                    write(connect.channel(), request, answer, limit);
                } else {
                    request.release();
                    fail(answer, null, done.cause());
                }
            });
        }
        return answer;
    }

    private void write(Channel on, FullHttpRequest request, CompletableFuture<Answer> answer, Duration limit) {
        synchronized (this) {
            timeout = on.eventLoop().schedule(
                    () -> fail(answer, on, new TimeoutException("no answer within " + limit.toMillis() + " ms")),
                    limit.toNanos(), TimeUnit.NANOSECONDS);
        }
        on.writeAndFlush(request).addListener(written -> {
            if (!written.isSuccess()) {
                fail(answer, on, written.cause());
            }
        });
    }

    private void answered(Channel on, FullHttpResponse response) {
        Answer answer = new Answer(response.status().code(), response.content().toString(StandardCharsets.UTF_8));
        boolean keepAlive = HttpUtil.isKeepAlive(response);
        CompletableFuture<Answer> done;
        synchronized (this) {
            done = finish();
        }
        if (!keepAlive) {
            on.close();
        }
        if (done != null) {
            done.complete(answer);
        }
    }

    /**
     * Fails {@code request} if it is still the pending one (any pending one when {@code null}) and closes
     * {@code on} (if any): what is still on it cannot be trusted. An event of a channel already replaced by a new
     * one (a late close) fails nothing.
     */
    private void fail(CompletableFuture<Answer> request, Channel on, Throwable cause) {
        CompletableFuture<Answer> done = null;
        synchronized (this) {
            boolean current = (request == null || request == pending) && (on == null || on == channel);
            if (current) {
                done = finish();
            }
        }
        if (on != null) {
            on.close();
        }
        if (done != null) {
            done.completeExceptionally(cause);
        }
    }

    private CompletableFuture<Answer> finish() {
        CompletableFuture<Answer> done = pending;
        pending = null;
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
        return done;
    }

    @Override
    public void close() {
        Channel open;
        synchronized (this) {
            closed = true;
            open = channel;
        }
        if (open != null) {
            open.close();
        }
        fail(null, null, new IOException("connection closed"));
    }

    /** A status and a body. */
    record Answer(int status, String body) {
    }

    private final class AnswerHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpResponse response) {
            answered(context.channel(), response);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            fail(null, context.channel(), new IOException("the registry closed the connection"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            fail(null, context.channel(), cause);
        }
    }
}
