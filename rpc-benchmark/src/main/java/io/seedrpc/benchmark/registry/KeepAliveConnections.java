package io.seedrpc.benchmark.registry;

import io.netty.bootstrap.Bootstrap;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A bounded pool of {@link KeepAliveConnection}s: a request goes out on the first idle connection, or waits in
 * line for one. The load of thousands of simulated providers then costs the registry a few dozen connections, as
 * a pooled HTTP client would, and the load generator one event loop instead of a thread or a connection per
 * request. Thread-safe.
 */
final class KeepAliveConnections implements AutoCloseable {

    private final Deque<KeepAliveConnection> idle = new ArrayDeque<>();
    private final Deque<Request> waiting = new ArrayDeque<>();
    private final List<KeepAliveConnection> all = new ArrayList<>();
    private final Duration limit;

    /** {@code size} connections to {@code address}, each request answered within {@code limit} or failed. */
    KeepAliveConnections(Bootstrap bootstrap, InetSocketAddress address, int size, Duration limit) {
        for (int i = 0; i < size; i++) {
            KeepAliveConnection connection = new KeepAliveConnection(bootstrap, address);
            all.add(connection);
            idle.add(connection);
        }
        this.limit = limit;
    }

    /** Sends on the next idle connection; the time spent waiting for one counts toward nothing but the caller's. */
    CompletableFuture<KeepAliveConnection.Answer> send(HttpMethod method, String path, byte[] jsonBody) {
        Request request = new Request(method, path, jsonBody, new CompletableFuture<>());
        KeepAliveConnection connection;
        synchronized (this) {
            connection = idle.poll();
            if (connection == null) {
                waiting.add(request);
                return request.answer;
            }
        }
        start(connection, request);
        return request.answer;
    }

    private void start(KeepAliveConnection connection, Request request) {
        connection.send(request.method, request.path, request.jsonBody, limit).whenComplete((answer, failure) -> {
            // The connection is free again before the caller hears the answer, so its next request can use it.
            Request next;
            synchronized (this) {
                next = waiting.poll();
                if (next == null) {
                    idle.add(connection);
                }
            }
            if (failure != null) {
                request.answer.completeExceptionally(failure);
            } else {
                request.answer.complete(answer);
            }
            if (next != null) {
                start(connection, next);
            }
        });
    }

    /** Fails the requests still in line, then closes every connection (failing what is under way). */
    @Override
    public void close() {
        List<Request> dropped;
        synchronized (this) {
            dropped = new ArrayList<>(waiting);
            waiting.clear();
        }
        dropped.forEach(request -> request.answer.completeExceptionally(
                new java.io.IOException("the connection pool was closed")));
        all.forEach(KeepAliveConnection::close);
    }

    private record Request(HttpMethod method, String path, byte[] jsonBody,
                           CompletableFuture<KeepAliveConnection.Answer> answer) {
    }
}
