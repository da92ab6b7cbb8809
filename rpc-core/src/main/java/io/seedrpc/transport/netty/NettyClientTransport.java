package io.seedrpc.transport.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.seedrpc.Address;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.Codec;
import io.seedrpc.tls.TlsSettings;
import io.seedrpc.transport.ClientConnection;
import io.seedrpc.transport.ClientTransportOptions;

import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Opens handshaken {@link ClientConnection}s. Owns the client's event loops and every connection it opened;
 * {@link #close()} closes them all.
 */
public final class NettyClientTransport implements AutoCloseable {

    private final ClientTransportOptions options;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final SslContext sslContext;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public NettyClientTransport(ClientTransportOptions options) {
        this(options, null);
    }

    /**
     * @param tls TLS for every connection, {@code null} for plaintext
     * @throws IllegalArgumentException when the TLS settings cannot be used
     */
    public NettyClientTransport(ClientTransportOptions options, TlsSettings tls) {
        this.options = options;
        this.sslContext = tls == null ? null : SslContexts.forClient(tls);
        EventLoops eventLoops = EventLoops.forThisPlatform();
        this.group = eventLoops.create("seedrpc-client-io", options.ioThreads());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(eventLoops.channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
    }

    /**
     * Connects to {@code address}, opens the HTTP tunnel if its scheme asks for one, and completes the
     * handshake for {@code codec}. The future fails with an {@link RpcException} naming the address: status
     * {@link StatusCode#CONNECTION_ERROR} when the connection cannot be made, the tunnel is refused or the
     * handshake times out, {@link StatusCode#UNAUTHORIZED} when the server rejects the auth token.
     */
    public CompletableFuture<ClientConnection> connect(Address address, Codec codec) {
        if (closed) {
            return CompletableFuture.failedFuture(new RpcException(StatusCode.CONNECTION_ERROR,
                    "cannot connect to " + address + ": the client is closed"));
        }
        CompletableFuture<ClientConnection> ready = new CompletableFuture<>();
        ChannelFuture connecting = bootstrap.clone()
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        initConnection(channel, address, codec, ready);
                    }
                })
                .connect(address.host(), address.port());
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                Throwable cause = f.cause();
                String why = cause instanceof ConnectException ? "connection refused or timed out"
                        : cause.getClass().getSimpleName();
                ready.completeExceptionally(new RpcException(StatusCode.CONNECTION_ERROR,
                        "cannot connect to " + address + ": " + why + " (" + cause.getMessage() + ")", cause));
            }
        });
        return ready;
    }

    private void initConnection(SocketChannel channel, Address address, Codec codec,
                                CompletableFuture<ClientConnection> ready) {
        channels.add(channel);
        channel.closeFuture().addListener(f -> channels.remove(channel));
        long pingMillis = options.pingInterval().toMillis();
        ChannelPipeline pipeline = channel.pipeline();
        if (sslContext != null) {
            pipeline.addLast("tls", sslContext.newHandler(channel.alloc(), address.host(), address.port()))
                    .addLast("tls-errors", new ClientTlsHandler(address, ready));
        }
        if (address.scheme() == Address.Scheme.HTTP) {
            pipeline.addLast("http-connect", new HttpConnectHandler(address, ready));
        }
        pipeline.addLast("frames", new FrameDecoder(options.maxFrameSize()))
                .addLast("idle", new IdleStateHandler(3 * pingMillis, pingMillis, 0, TimeUnit.MILLISECONDS))
                .addLast("rpc", new ClientConnectionHandler(address, codec, options, ready));
        long handshakeMillis = options.connectTimeout().toMillis() + options.handshakeTimeout().toMillis();
        var deadline = channel.eventLoop().schedule(() -> {
            if (ready.completeExceptionally(new RpcException(StatusCode.CONNECTION_ERROR, "the handshake with "
                    + address + " did not complete within " + handshakeMillis + " ms"))) {
                channel.close();
            }
        }, handshakeMillis, TimeUnit.MILLISECONDS);
        ready.whenComplete((connection, failure) -> deadline.cancel(false));
    }


    /** Closes every connection (their pending calls fail) and stops the event loops. */
    @Override
    public void close() {
        closed = true;
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        EventLoops.shutdown(group);
    }
}
