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
import io.netty.util.concurrent.FastThreadLocalThread;
import io.seedrpc.internal.DaemonThreads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Creates and shuts down the event loop groups of one transport, on native epoll where Netty has it for this
 * platform and NIO elsewhere; {@code -Dseedrpc.transport=nio} forces NIO. The choice is made once per transport,
 * so that its groups and its channel types always go together.
 */
final class EventLoops {

    private final boolean epoll;

    private EventLoops(boolean epoll) {
        this.epoll = epoll;
    }

    /** Native epoll when Netty has it here and {@code seedrpc.transport} does not say {@code nio}; NIO otherwise. */
    static EventLoops forThisPlatform() {
        return new EventLoops(!"nio".equalsIgnoreCase(System.getProperty("seedrpc.transport")) && Epoll.isAvailable());
    }

    /** A group of {@code threads} (0: Netty's default) daemon I/O threads named {@code name-N}. */
    EventLoopGroup create(String name, int threads) {
        IoHandlerFactory handler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, ioThreads(name), handler);
    }

    /**
     * SeedRPC's own daemon threads, each a {@link FastThreadLocalThread}: Netty reads its fast thread-locals (the
     * allocator's per-thread caches, the recyclers of buffers and outbound entries) from a field of such a thread,
     * and from a {@code ThreadLocal} on any other, which a profile of the client's event loop put at 9 % of its
     * samples when these were plain threads.
     */
    private static ThreadFactory ioThreads(String name) {
        return DaemonThreads.numbered(name + "-", FastThreadLocalThread::new);
    }

    /** The listening channel type that goes with the groups {@link #create} makes. */
    Class<? extends ServerChannel> serverChannelType() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The connection channel type that goes with the groups {@link #create} makes. */
    Class<? extends Channel> channelType() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** Shuts {@code group} down at once and waits a bounded time for its threads to end. */
    static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
