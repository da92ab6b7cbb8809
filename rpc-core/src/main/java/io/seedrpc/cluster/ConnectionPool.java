package io.seedrpc.cluster;

import io.seedrpc.Address;
import io.seedrpc.RpcException;
import io.seedrpc.codec.Codec;
import io.seedrpc.invoke.Invocation;
import io.seedrpc.transport.ClientConnection;
import io.seedrpc.transport.netty.NettyClientTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One connection per address and codec, shared by every reference of a client, with the health of each
 * address:
 * <ul>
 *   <li>connections open on first use, concurrent callers share one connect, and a connection that closes or
 *       is asked to drain is replaced on the next call;</li>
 *   <li>an address whose connect fails or whose connection drops is taken out of rotation at once — cluster
 *       invokers hear of it through a {@link HealthListener} before any registry notices — and is probed again
 *       with exponential backoff (plus jitter) for as long as some invoker still wants it;</li>
 *   <li>connections unused for the idle timeout are closed.</li>
 * </ul>
 * Owns one scheduler thread; {@link #close()} stops it. Thread-safe.
 */
public final class ConnectionPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectionPool.class);

    /**
     * @param idleTimeout    connections unused this long are closed
     * @param initialBackoff the wait before probing an address that just failed; doubled after each failure
     * @param maxBackoff     the longest wait between probes
     */
    public record Options(Duration idleTimeout, Duration initialBackoff, Duration maxBackoff) {
        /** Five minutes idle, probes from 100 ms up to 5 s apart. */
        public static Options defaults() {
            return new Options(Duration.ofMinutes(5), Duration.ofMillis(100), Duration.ofSeconds(5));
        }
    }

    /** Hears when an address goes out of rotation or comes back. Called from pool or I/O threads; keep it short. */
    @FunctionalInterface
    public interface HealthListener {
        void onHealthChanged(Address address, boolean reachable);
    }

    private final NettyClientTransport transport;
    private final Options options;
    private final ScheduledExecutorService scheduler;
    private final Map<Address, AddressState> states = new ConcurrentHashMap<>();
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public ConnectionPool(NettyClientTransport transport, Options options) {
        this.transport = transport;
        this.options = options;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "seedrpc-client-pool");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
        long sweepMillis = Math.max(100, Math.min(options.idleTimeout().toMillis() / 2, 30_000));
        scheduler.scheduleWithFixedDelay(this::closeIdleConnections, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Sends {@code invocation} to {@code address} over its pooled connection for {@code codec}, opening one if
     * needed. Never blocks. If no connection can be opened the future fails with an {@link RpcException} that
     * names the address and reports that nothing was sent.
     */
    public CompletableFuture<Object> call(Address address, Codec codec, Invocation invocation) {
        CompletableFuture<ClientConnection> connection = connection(address, codec);
        ClientConnection ready = connection.isDone() && !connection.isCompletedExceptionally()
                ? connection.getNow(null) : null;
        if (ready != null) {
            return send(ready, invocation);
        }
        ChainedCall chained = new ChainedCall();
        connection.whenComplete((opened, failure) -> {
            if (failure != null) {
                chained.completeExceptionally(failure);
            } else if (!chained.isCancelled()) {
                chained.follow(send(opened, invocation));
            }
        });
        return chained;
    }

    private static CompletableFuture<Object> send(ClientConnection connection, Invocation invocation) {
        return connection.call(invocation.serviceKey(), invocation.method(), invocation.args(),
                invocation.timeoutMillis(), invocation.metadata());
    }

    /** A usable connection to {@code address} for {@code codec}, opening one when there is none. */
    public CompletableFuture<ClientConnection> connection(Address address, Codec codec) {
        AddressState state = states.computeIfAbsent(address, AddressState::new);
        state.lastUsedNanos = System.nanoTime();
        Byte key = codec.id();
        CompletableFuture<ClientConnection> current = state.connections.get(key);
        if (current != null && isUsableOrPending(current)) {
            return current;
        }
        CompletableFuture<ClientConnection> created = new CompletableFuture<>();
        CompletableFuture<ClientConnection> winner = state.connections.compute(key, (k, existing) ->
                existing != null && isUsableOrPending(existing) ? existing : created);
        // Connect outside compute: a connect that fails at once completes on this thread, and its handler
        // updates the same map entry, which inside compute would be a recursive update and be lost.
        if (winner == created) {
            open(state, codec, created);
        }
        return winner;
    }

    private void open(AddressState state, Codec codec, CompletableFuture<ClientConnection> result) {
        transport.connect(state.address, codec).whenComplete((connection, failure) -> {
            if (failure != null) {
                state.connections.remove(codec.id(), result);
                RpcException cause = failure instanceof RpcException rpc ? rpc
                        : new RpcException(io.seedrpc.StatusCode.CONNECTION_ERROR, failure.toString(), failure);
                markFailed(state, codec, cause.getMessage(), false);
                // Nothing was sent, so a failover client may safely try another instance.
                result.completeExceptionally(new RpcException(cause.status(), cause.getMessage(), cause, true));
                return;
            }
            connection.closeFuture().thenRun(() -> {
                boolean wasCurrent = state.connections.remove(codec.id(), result);
                boolean idle = state.closingForIdleness.remove(connection);
                // A connection already replaced (the server asked to drain it) says nothing about the address.
                if (wasCurrent && !idle && !closed) {
                    markFailed(state, codec, connection.isDraining()
                            ? state.address + " shut down (it drained its connections)"
                            : "the connection to " + state.address + " closed", connection.isDraining());
                }
            });
            markReachable(state);
            result.complete(connection);
        });
    }

    private static boolean isUsableOrPending(CompletableFuture<ClientConnection> future) {
        if (!future.isDone()) {
            return true;
        }
        ClientConnection connection = future.isCompletedExceptionally() ? null : future.getNow(null);
        return connection != null && connection.isAvailable();
    }

    /**
     * Takes the address out of rotation. An orderly shutdown ({@code expected}) is logged at INFO, anything else
     * at WARN.
     */
    private void markFailed(AddressState state, Codec codec, String reason, boolean expected) {
        boolean newlyEjected;
        synchronized (state) {
            newlyEjected = !state.ejected;
            state.ejected = true;
            state.consecutiveFailures++;
            state.lastCodec = codec;
            scheduleProbe(state);
        }
        if (newlyEjected) {
            if (expected) {
                log.info("Taking {} out of rotation: {}", state.address, reason);
            } else {
                log.warn("Taking {} out of rotation: {}", state.address, reason);
            }
            listeners.forEach(listener -> listener.onHealthChanged(state.address, false));
        }
    }

    private void markReachable(AddressState state) {
        boolean restored;
        synchronized (state) {
            restored = state.ejected;
            state.ejected = false;
            state.consecutiveFailures = 0;
            if (state.probe != null) {
                state.probe.cancel(false);
                state.probe = null;
            }
        }
        if (restored) {
            log.info("{} is reachable again; back in rotation", state.address);
            listeners.forEach(listener -> listener.onHealthChanged(state.address, true));
        }
    }

    /** Guarded by {@code state}. */
    private void scheduleProbe(AddressState state) {
        if (closed || state.probe != null || state.interest.get() == 0) {
            return;
        }
        long base = options.initialBackoff().toMillis() << Math.min(20, state.consecutiveFailures - 1);
        long delay = Math.min(options.maxBackoff().toMillis(), base);
        delay += ThreadLocalRandom.current().nextLong(Math.max(1, delay / 5));
        try {
            state.probe = scheduler.schedule(() -> probe(state), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            state.probe = null;
        }
    }

    private void probe(AddressState state) {
        Codec codec;
        synchronized (state) {
            state.probe = null;
            if (!state.ejected || closed) {
                return;
            }
            if (state.interest.get() == 0) {
                return;
            }
            codec = state.lastCodec;
        }
        log.debug("Probing {}", state.address);
        connection(state.address, codec);
    }

    /** Whether {@code address} is in rotation: not known to have failed since its last success. */
    public boolean isReachable(Address address) {
        AddressState state = states.get(address);
        return state == null || !state.ejected;
    }


    /** Calls sent to {@code address} by this client and not yet answered. */
    public int outstanding(Address address) {
        AddressState state = states.get(address);
        return state == null ? 0 : state.outstanding();
    }

    /** Keeps {@code address} probed while it is out of rotation; pair with {@link #release}. */
    public void retain(Address address) {
        AddressState state = states.computeIfAbsent(address, AddressState::new);
        state.interest.incrementAndGet();
        synchronized (state) {
            if (state.ejected) {
                scheduleProbe(state);
            }
        }
    }

    /** Undoes one {@link #retain}; an address nobody retains is no longer probed. */
    public void release(Address address) {
        AddressState state = states.get(address);
        if (state != null && state.interest.decrementAndGet() <= 0) {
            synchronized (state) {
                if (state.probe != null) {
                    state.probe.cancel(false);
                    state.probe = null;
                }
            }
        }
    }

    /** Registers {@code listener}; closing the returned handle removes it. */
    public AutoCloseable addHealthListener(HealthListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void closeIdleConnections() {
        long idleNanos = options.idleTimeout().toNanos();
        long now = System.nanoTime();
        for (AddressState state : states.values()) {
            if (now - state.lastUsedNanos < idleNanos) {
                continue;
            }
            for (CompletableFuture<ClientConnection> future : state.connections.values()) {
                ClientConnection connection = future.isDone() && !future.isCompletedExceptionally()
                        ? future.getNow(null) : null;
                if (connection != null && connection.pendingCalls() == 0) {
                    log.debug("Closing {}: unused for {} ms", connection, options.idleTimeout().toMillis());
                    state.closingForIdleness.add(connection);
                    connection.close();
                }
            }
            if (state.connections.isEmpty() && state.interest.get() <= 0 && !state.ejected) {
                states.remove(state.address, state);
            }
        }
    }


    /** Stops probing and the idle sweep. The transport, which owns the connections, closes them. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
