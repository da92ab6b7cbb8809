package io.seedrpc.benchmark.targets;

import io.netty.channel.epoll.Epoll;

import java.util.List;

/**
 * Which Netty transport rpc-core runs on in this JVM, by the rule rpc-core's event loops follow: native epoll where
 * Netty has it for this platform, unless {@code -Dseedrpc.transport=nio}; NIO otherwise. Read from outside, so
 * that a SeedRPC row can be set against the raw ceiling on the same transport.
 */
final class SeedRpcTransport {

    /** The JVM options that make rpc-core run on NIO. */
    static final List<String> FORCE_NIO = List.of("-Dseedrpc.transport=nio");

    private SeedRpcTransport() {
    }

    /** {@code epoll} or {@code nio}. */
    static String inThisJvm() {
        return !"nio".equalsIgnoreCase(System.getProperty("seedrpc.transport")) && Epoll.isAvailable() ? "epoll" : "nio";
    }
}
