package io.seedrpc.transport.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.TimeUnit;

/** Creates and shuts down the event loop groups the transports own. */
final class EventLoops {

    private EventLoops() {
    }

    /** A group of {@code threads} (0: Netty's default) daemon I/O threads named {@code name-N}. */
    static EventLoopGroup create(String name, int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true),
                NioIoHandler.newFactory());
    }

    /** Shuts {@code group} down at once and waits a bounded time for its threads to end. */
    static void shutdown(EventLoopGroup group) {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
