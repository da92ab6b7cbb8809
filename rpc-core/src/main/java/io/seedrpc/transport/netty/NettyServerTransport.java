package io.seedrpc.transport.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.tls.TlsSettings;
import io.seedrpc.transport.HttpServices;
import io.seedrpc.transport.ServerCallHandler;
import io.seedrpc.transport.ServerTransport;
import io.seedrpc.transport.ServerTransportSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.time.Duration;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Listens on one port for the binary protocol and HTTP (JSON calls, {@code GET /rpc}, {@code CONNECT} tunnels and
 * the debug page), and hands every decoded call to a {@link ServerCallHandler}. Owns its event loops and connections.
 *
 * <p>Lifecycle: {@link #start()} binds (and fails at once when it cannot); {@link #stopAccepting()} closes the
 * listening socket and tells connected clients to drain; {@link #close()} closes every connection and stops the
 * event loops. Thread-safe.
 */
final class NettyServerTransport implements ServerTransport {

    static final AttributeKey<Boolean> HANDSHAKE_DONE = AttributeKey.valueOf("seedrpc.handshakeDone");

    private static final Logger log = LoggerFactory.getLogger(NettyServerTransport.class);

    private final ServerTransportSettings settings;
    private final ServerChannelSetup setup;
    private final ServerConnections connections;
    private final MemoryBudget budget;
    private final RefusalLog refusals = new RefusalLog(log);
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private Channel serverChannel;
    private InetSocketAddress boundAddress;

    /**
     * @param authToken the token clients must present, {@code null} for none
     * @param tls       TLS for every connection, {@code null} for plaintext
     * @param http      what the HTTP side of the port serves besides tunnels: JSON calls, {@code GET /rpc} and the
     *                  debug page; called on I/O threads
     * @throws IllegalArgumentException when the TLS settings cannot be used (no key material, unreadable files)
     */
    NettyServerTransport(ServerTransportSettings settings, String authToken, TlsSettings tls, CodecRegistry codecs,
                         ServerCallHandler callHandler, HttpServices http) {
        this.settings = settings;
        this.connections = new ServerConnections(settings.limits());
        this.budget = new MemoryBudget(settings.limits().memoryBudget());
        this.setup = new ServerChannelSetup(settings, authToken, codecs, callHandler, http,
                ServerChannelSetup.jsonCodecOf(codecs), connections, tls == null ? null : SslContexts.forServer(tls),
                budget, new FrameStreams());
    }

    @Override
    public synchronized void start() {
        if (serverChannel != null) {
            throw new IllegalStateException("server transport already started on " + boundAddress);
        }
        EventLoops eventLoops = EventLoops.forThisPlatform();
        bossGroup = eventLoops.create("seedrpc-server-accept", 1);
        ioGroup = eventLoops.create("seedrpc-server-io", settings.ioThreads());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, ioGroup)
                .channel(eventLoops.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        settings.limits().writeBufferLowWaterMark(), settings.limits().writeBufferHighWaterMark()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        initConnection(channel);
                    }
                });
        ChannelFuture bind = bootstrap.bind(settings.host(), settings.port()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            shutdownGroups();
            Throwable cause = bind.cause();
            // NIO reports a BindException; native epoll an IOException with the same errno text.
            boolean bindFailure = cause instanceof BindException
                    || String.valueOf(cause.getMessage()).contains("Address already in use");
            String why = bindFailure ? "the port is already in use or the address is not local" : String.valueOf(cause);
            throw new RpcException(StatusCode.CONNECTION_ERROR, "cannot listen on " + settings.host() + ":"
                    + settings.port() + ": " + why + " (" + cause.getMessage() + ")", cause);
        }
        serverChannel = bind.channel();
        boundAddress = (InetSocketAddress) serverChannel.localAddress();
        log.info("SeedRPC server listening on {}:{}{}", settings.host(), boundAddress.getPort(),
                setup.sslContext() == null ? "" : " (TLS)");
    }

    private void initConnection(SocketChannel channel) {
        String refusal = connections.admit(channel);
        if (refusal != null) {
            refusals.refused(channel.remoteAddress(), refusal);
            channel.close();
            return;
        }
        long silentMillis = settings.silentConnectionTimeout().toMillis();
        channel.pipeline()
                .addLast("idle", new IdleStateHandler(silentMillis, 0, 0, TimeUnit.MILLISECONDS))
                .addLast("detector", new ProtocolDetector(setup));
        var deadline = channel.eventLoop().schedule(() -> {
            if (channel.attr(HANDSHAKE_DONE).get() == null && channel.isActive()) {
                log.warn("Closing connection from {}: no completed handshake within {} ms",
                        channel.remoteAddress(), settings.unfinishedHandshakeTimeout().toMillis());
                channel.close();
            }
        }, settings.unfinishedHandshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(f -> deadline.cancel(false));
    }

    @Override
    public int port() {
        InetSocketAddress bound = boundAddress;
        if (bound == null) {
            throw new IllegalStateException("server transport is not started");
        }
        return bound.getPort();
    }

    @Override
    public int connectionCount() {
        return connections.size();
    }

    @Override
    public long bufferedBytes() {
        return budget.used();
    }

    @Override
    public synchronized void stopAccepting() {
        // Listener first: a client told to drain must not be able to open a fresh connection in between.
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        connections.goAway("server is shutting down");
    }

    @Override
    public boolean awaitClientsClosed(Duration timeout) {
        return connections.awaitRpcConnectionsClosed(timeout);
    }

    @Override
    public int rpcConnectionCount() {
        return connections.rpcConnectionCount();
    }

    @Override
    public synchronized void close() {
        stopAccepting();
        // Only ever waits for the instant between a call's end and its answer's queueing; bounded all the same.
        if (!connections.awaitAnswersQueued(Duration.ofSeconds(2))) {
            log.warn("Answers of calls that have ended were still not queued after 2 s; closing anyway");
        }
        List<ChannelFuture> closing = connections.closeAll();
        closing.forEach(f -> f.awaitUninterruptibly(2, TimeUnit.SECONDS));
        shutdownGroups();
    }

    private void shutdownGroups() {
        if (bossGroup != null) {
            EventLoops.shutdown(bossGroup);
            bossGroup = null;
        }
        if (ioGroup != null) {
            EventLoops.shutdown(ioGroup);
            ioGroup = null;
        }
    }
}
