package io.seedrpc.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The open connections of one server transport, so that shutdown can tell them to drain and then close them. */
final class ServerConnections {

    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final Set<ServerConnectionHandler> rpcConnections = ConcurrentHashMap.newKeySet();
    private volatile String goAwayReason;
    private final AtomicInteger answersLeaving = new AtomicInteger();
    private final Object answersLock = new Object();
    private volatile boolean awaitingAnswers;

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
