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
import io.seedrpc.Address;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.Codec;
import io.seedrpc.tls.TlsSettings;
import io.seedrpc.transport.ClientConnection;
import io.seedrpc.transport.ClientTransport;

import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Opens handshaken {@link ClientConnection}s over Netty. Owns the client's event loops and every connection it
 * opened; {@link #close()} closes them all. Made by {@link NettyClientTransportProvider}.
 */
final class NettyClientTransport implements ClientTransport {

    private final ClientTransport.Settings settings;
    private final String authToken;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final SslContext sslContext;
    /** The streams every connection's callers and event loops code bodies through. */
    private final FrameStreams streams;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param authToken the token presented in every handshake, {@code null} for none
     * @param tls       TLS for every connection, {@code null} for plaintext
     * @throws IllegalArgumentException when the TLS settings cannot be used
     */
    NettyClientTransport(ClientTransport.Settings settings, String authToken, TlsSettings tls) {
        this.settings = settings;
        this.authToken = authToken;
        this.sslContext = tls == null ? null : SslContexts.forClient(tls);
        this.streams = new FrameStreams();
        EventLoops eventLoops = EventLoops.forThisPlatform();
        this.group = eventLoops.create("seedrpc-client-io", settings.ioThreads());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(eventLoops.channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
    }

    @Override
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
        long pingMillis = settings.pingInterval().toMillis();
        ChannelPipeline pipeline = channel.pipeline();
        if (sslContext != null) {
            pipeline.addLast("tls", sslContext.newHandler(channel.alloc(), address.host(), address.port()))
                    .addLast("tls-errors", new ClientTlsHandler(address, ready));
        }
        if (address.scheme() == Address.Scheme.HTTP) {
            pipeline.addLast("http-connect", new HttpConnectHandler(address, ready));
        }
        ClientIdleHandler idle = new ClientIdleHandler(3 * pingMillis, pingMillis, TimeUnit.MILLISECONDS);
        ClientConnectionHandler rpc = new ClientConnectionHandler(address, codec, settings, authToken, streams, ready);
        // Frames go from the decoder straight to the connection handler, read in place (see FrameSink); the idle
        // handler still sees the rest of the pipeline's traffic: read batches, flushes, the channel's life.
        pipeline.addLast("frames", new FrameDecoder(settings.maxFrameSize(), frame -> {
                    idle.frameRead();
                    rpc.onFrame(frame);
                }))
                .addLast("idle", idle)
                .addLast("rpc", rpc);
        long handshakeMillis = settings.connectTimeout().toMillis() + settings.handshakeTimeout().toMillis();
        var deadline = channel.eventLoop().schedule(() -> {
            if (ready.completeExceptionally(new RpcException(StatusCode.CONNECTION_ERROR, "the handshake with "
                    + address + " did not complete within " + handshakeMillis + " ms"))) {
                channel.close();
            }
        }, handshakeMillis, TimeUnit.MILLISECONDS);
        ready.whenComplete((connection, failure) -> deadline.cancel(false));
    }


    @Override
    public void close() {
        closed = true;
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        EventLoops.shutdown(group);
    }
}
