package io.seedrpc.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/**
 * Creates and shuts down the event loop groups the transports own, on native epoll where Netty has it for this
 * platform and NIO elsewhere. {@code -Dseedrpc.transport=nio} forces NIO.
 */
final class EventLoops {

    private static final boolean EPOLL = !"nio".equalsIgnoreCase(System.getProperty("seedrpc.transport"))
            && Epoll.isAvailable();

    private EventLoops() {
    }

    /** A group of {@code threads} (0: Netty's default) daemon I/O threads named {@code name-N}. */
    static EventLoopGroup create(String name, int threads) {
        IoHandlerFactory handler = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), handler);
    }

    /** The listening channel type that goes with the groups {@link #create} makes. */
    static Class<? extends ServerChannel> serverChannelType() {
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The connection channel type that goes with the groups {@link #create} makes. */
    static Class<? extends Channel> channelType() {
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Shuts {@code group} down at once and waits a bounded time for its threads to end. */
    static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
