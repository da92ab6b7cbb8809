package io.seedrpc.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open connections of one server transport, so that shutdown can tell them to drain and then close them. */
final class ServerConnections {

    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final Set<ServerConnectionHandler> rpcConnections = ConcurrentHashMap.newKeySet();
    private volatile String goAwayReason;

    void add(Channel channel) {
        channels.add(channel);
        channel.closeFuture().addListener(f -> channels.remove(channel));
    }

    /** Tracks a connection that finished its handshake; it is told to drain at once if shutdown has begun. */
    void addRpc(ServerConnectionHandler handler) {
        rpcConnections.add(handler);
        String reason = goAwayReason;
        if (reason != null) {
            handler.sendGoAway(reason);
        }
    }

    void removeRpc(ServerConnectionHandler handler) {
        rpcConnections.remove(handler);
    }

    /** Asks every client, once, to send no new calls on its connections, now and on connections made later. */
    synchronized void goAway(String reason) {
        if (goAwayReason != null) {
            return;
        }
        goAwayReason = reason;
        rpcConnections.forEach(handler -> handler.sendGoAway(reason));
    }

    /** Whether {@link #goAway} was called. */
    boolean isDraining() {
        return goAwayReason != null;
    }

    int size() {
        return channels.size();
    }

    /** Closes every connection; returns their close futures. */
    List<ChannelFuture> closeAll() {
        List<ChannelFuture> futures = new ArrayList<>();
        for (Channel channel : channels) {
            futures.add(channel.close());
        }
        return futures;
    }
}
