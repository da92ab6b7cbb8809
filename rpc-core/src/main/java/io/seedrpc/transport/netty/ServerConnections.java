package io.seedrpc.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.seedrpc.transport.ServerLimits;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open connections of one server transport: counted against the connection limits when they open, so that
 * one client cannot take every slot, and kept so that shutdown can tell them to drain and then close them.
 */
final class ServerConnections {

    private final ServerLimits limits;
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> openByAddress = new ConcurrentHashMap<>();
    private final Set<ServerConnectionHandler> rpcConnections = ConcurrentHashMap.newKeySet();
    private volatile String goAwayReason;
    private final AtomicInteger answersLeaving = new AtomicInteger();
    private final Object answersLock = new Object();
    private volatile boolean awaitingAnswers;

    ServerConnections(ServerLimits limits) {
        this.limits = limits;
    }

    /**
     * Counts a new connection in, or says why it cannot be: the server holds {@code maxConnections} already,
     * or its address holds {@code maxConnectionsPerAddress}.
     *
     * @return {@code null} when the connection is admitted (it is counted out again when it closes), else why not
     */
    String admit(Channel channel) {
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            return "the server has " + limits.maxConnections() + " connections open, its limit (maxConnections)";
        }
        InetAddress address = channel.remoteAddress() instanceof InetSocketAddress socket ? socket.getAddress() : null;
        if (address != null && !admitFrom(address)) {
            open.decrementAndGet();
            return address.getHostAddress() + " has " + limits.maxConnectionsPerAddress()
                    + " connections open, the limit per address (maxConnectionsPerAddress)";
        }
        channels.add(channel);
        channel.closeFuture().addListener(f -> {
            channels.remove(channel);
            if (address != null) {
                release(address);
            }
            open.decrementAndGet();
        });
        return null;
    }

    private boolean admitFrom(InetAddress address) {
        boolean[] admitted = new boolean[1];
        openByAddress.compute(address, (a, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limits.maxConnectionsPerAddress()) {
                return count;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    private void release(InetAddress address) {
        openByAddress.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }

    /**
     * Tracks a connection whose handshake is being accepted, before the acceptance is sent: a client that has
     * its acceptance may be told to drain at once, and shutdown must then wait for it to close. Follow with
     * {@link #goAwayIfDraining} once the acceptance is written, so that GOAWAY never precedes it.
     */
    void addRpc(ServerConnectionHandler handler) {
        rpcConnections.add(handler);
    }

    /** Tells a connection just accepted to drain at once if shutdown has begun meanwhile. */
    void goAwayIfDraining(ServerConnectionHandler handler) {
        String reason = goAwayReason;
        if (reason != null) {
            handler.sendGoAway(reason);
        }
    }

    void removeRpc(ServerConnectionHandler handler) {
        if (rpcConnections.remove(handler) && rpcConnections.isEmpty() && goAwayReason != null) {
            synchronized (rpcConnections) {
                rpcConnections.notifyAll();
            }
        }
    }

    /**
     * Waits, at most {@code timeout}, until every client told to drain has closed its connection. A client closes
     * once its calls are answered; only it knows whether a request is still on its way, so closing first could
     * drop one.
     *
     * @return whether they all did
     */
    boolean awaitRpcConnectionsClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (rpcConnections) {
            while (!rpcConnections.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(rpcConnections, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    int rpcConnectionCount() {
        return rpcConnections.size();
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

    /** A call has ended and its answer is not in its connection's outbound queue yet. */
    void answerLeaving() {
        answersLeaving.incrementAndGet();
    }

    /** The answer counted by {@link #answerLeaving} is queued (or was never to be sent). */
    void answerQueued() {
        if (answersLeaving.decrementAndGet() == 0 && awaitingAnswers) {
            synchronized (answersLock) {
                answersLock.notifyAll();
            }
        }
    }

    /**
     * Waits until every call that has ended has queued its answer, at most {@code timeout}. Closing a connection
     * drops what is queued after the close, and a server draining its calls sees a call end just before its
     * answer is queued.
     *
     * @return whether they all did
     */
    boolean awaitAnswersQueued(Duration timeout) {
        awaitingAnswers = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (answersLock) {
            while (answersLeaving.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(answersLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Closes every connection, RPC connections once their queued answers are written; returns their close futures. */
    List<ChannelFuture> closeAll() {
        rpcConnections.forEach(handler -> handler.out().writeQueuedThenClose());
        List<ChannelFuture> futures = new ArrayList<>();
        for (Channel channel : channels) {
            futures.add(channel.close());
        }
        return futures;
    }
}
