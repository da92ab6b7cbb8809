package io.seedrpc.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.seedrpc.Address;
import io.seedrpc.Deadline;
import io.seedrpc.Metadata;
import io.seedrpc.RemoteApplicationException;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.Codec;
import io.seedrpc.protocol.MethodDescriptor;
import io.seedrpc.transport.ClientConnection;
import io.seedrpc.transport.ClientTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A handshaken connection: encodes requests on the caller's thread, keeps the pending-call table, and completes
 * calls from the I/O thread when their responses arrive.
 */
final class NettyClientConnection implements ClientConnection {

    private static final Logger log = LoggerFactory.getLogger(NettyClientConnection.class);

    private final Channel channel;
    private final Address address;
    private final Codec codec;
    private final int serverMaxFrameSize;
    private final int maxPendingCalls;
    private final ScheduledFuture<?> deadlineSweep;
    private final OutboundQueue out;
    private final FrameStreams streams;
    /** UTF-8 of the service and method keys sent so far: the same few keys go out with every request. */
    private final java.util.Map<String, byte[]> keyBytes = new java.util.concurrent.ConcurrentHashMap<>();
    private final CallTable<PendingCall> pending = new CallTable<>(PendingCall::id);
    private final AtomicLong nextId = new AtomicLong();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile boolean draining;
    /** Set by the I/O thread while it checks that a draining connection has nothing pending, before it closes it. */
    private volatile boolean retiring;

    NettyClientConnection(Channel channel, Address address, Codec codec, int serverMaxFrameSize,
                          ClientTransport.Settings settings, FrameStreams streams) {
        this.channel = channel;
        this.address = address;
        this.codec = codec;
        this.serverMaxFrameSize = serverMaxFrameSize;
        this.streams = streams;
        this.maxPendingCalls = settings.maxPendingCalls();
        // Per connection: a server that reads slowly makes its own connection refuse calls, no other.
        this.out = new OutboundQueue(channel, new MemoryBudget(settings.maxUnsentBytes()));
        // One sweep per connection instead of a timer task per call: arming and cancelling a timeout for every
        // call cost more than scanning the few calls in flight every few milliseconds.
        this.deadlineSweep = channel.eventLoop().scheduleAtFixedRate(this::expireOverdueCalls,
                DeadlineSweep.PERIOD_MILLIS, DeadlineSweep.PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void expireOverdueCalls() {
        if (pending.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        pending.forEach(call -> {
            if (call.deadline().isExpiredAt(now) && removePending(call)) {
                call.expire();
            }
        });
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public CompletableFuture<Object> call(String serviceKey, MethodDescriptor method, Object[] args,
                                          Deadline deadline, Metadata metadata) {
        if (closed || draining) {
            return CompletableFuture.failedFuture(notSent(serviceKey, method));
        }
        if (pending.size() >= maxPendingCalls) {
            return CompletableFuture.failedFuture(new RpcException(StatusCode.SERVER_BUSY, "cannot call "
                    + method.describe(serviceKey) + ": " + maxPendingCalls + " calls already wait for answers on the "
                    + "connection to " + address + " (maxPendingCalls); the server answers slower than calls are made"));
        }
        long id = nextId.incrementAndGet();
        ByteBuf frame;
        try {
            frame = encodeRequest(id, serviceKey, method, args, deadline, metadata);
        } catch (RpcException e) {
            return CompletableFuture.failedFuture(e);
        }
        PendingCall call = new PendingCall(this, id, serviceKey, method, deadline);
        pending.putIfAbsent(id, call);
        // Checked after the call is in the table and before its frame is queued: the I/O thread sets retiring
        // before it looks at the table, so either it sees this call and keeps the connection, or this check sees
        // retiring and the request is taken back unsent (see closeIfDrained).
        if (retiring) {
            frame.release();
            if (removePending(call)) {
                return CompletableFuture.failedFuture(notSent(serviceKey, method));
            }
            return call;
        }
        if (!out.tryEnqueue(frame)) {
            int bytes = frame.readableBytes();
            frame.release();
            removePending(call);
            return CompletableFuture.failedFuture(new RpcException(StatusCode.SERVER_BUSY, "cannot call "
                    + method.describe(serviceKey) + ": the connection to " + address + " already holds "
                    + "requests the server has not read yet, and this one's " + bytes + " bytes would pass "
                    + "its limit (maxUnsentBytes); the server reads slower than calls are made"));
        }
        // The connection may have closed after the check above but before the call was in the table, in which
        // case the close sweep missed it.
        if (closed && removePending(call)) {
            call.completeExceptionally(closedWhilePending(call));
        }
        return call;
    }

    private RpcException notSent(String serviceKey, MethodDescriptor method) {
        return new RpcException(StatusCode.CONNECTION_ERROR, "cannot call " + method.describe(serviceKey)
                + ": the connection to " + address + (closed ? " is closed" : " is draining (the server is shutting down)"),
                null, true);
    }

    private ByteBuf encodeRequest(long id, String serviceKey, MethodDescriptor method, Object[] args,
                                  Deadline deadline, Metadata metadata) {
        int timeoutMillis = wireTimeout(deadline);
        if (timeoutMillis < 0) {
            // The deadline passed before the request left (the connection took that long to open): the server
            // would read a 0 as "no limit", so nothing is sent.
            throw new RpcException(StatusCode.TIMEOUT, method.describe(serviceKey) + " to " + address
                    + " timed out after " + deadline.timeout().toMillis() + " ms before it was sent", null, true);
        }
        ByteBuf frame = Frames.begin(channel.alloc(), FrameType.REQUEST, 128);
        try {
            frame.writeLong(id);
            frame.writeInt(timeoutMillis);
            writeKey(frame, serviceKey);
            writeKey(frame, method.key());
            try {
                Frames.writeMetadata(frame, metadata);
            } catch (IllegalArgumentException e) {
                throw new UnsendableMetadata(e.getMessage());
            }
            FrameOutputStream body = streams.writingTo(frame);
            try {
                codec.writeArguments(body, args == null ? new Object[0] : args, method.parameterTypes());
            } finally {
                body.detach();
            }
        } catch (UnsendableMetadata e) {
            frame.release();
            throw new RpcException(StatusCode.BAD_REQUEST, "cannot send the metadata of "
                    + method.describe(serviceKey) + ": " + e.getMessage(), null, true);
        } catch (IOException | RuntimeException e) {
            frame.release();
            throw new RpcException(StatusCode.CODEC_ERROR, "cannot encode the arguments of "
                    + method.describe(serviceKey) + " with codec " + codec.name() + ": " + e.getMessage(), e);
        }
        Frames.seal(frame);
        int length = Frames.lengthOf(frame);
        if (length > serverMaxFrameSize) {
            frame.release();
            throw new RpcException(StatusCode.BAD_REQUEST, "the request to " + method.describe(serviceKey)
                    + " is " + length + " bytes, over the frame limit of " + serverMaxFrameSize + " bytes of "
                    + address);
        }
        return frame;
    }

    /**
     * The request's timeout field: the milliseconds left, read now, at encode time (at least 1, as 0 means none on
     * the wire); 0 for no deadline; -1 when the deadline has passed.
     */
    private static int wireTimeout(Deadline deadline) {
        if (!deadline.isBounded()) {
            return 0;
        }
        long left = deadline.remainingMillis();
        return left == 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** The metadata does not fit the protocol; told apart from a failure to encode the arguments. */
    private static final class UnsendableMetadata extends RuntimeException {
        UnsendableMetadata(String message) {
            super(message, null, false, false);
        }
    }

    private void writeKey(ByteBuf frame, String key) {
        byte[] utf8 = keyBytes.computeIfAbsent(key, Frames::shortStringBytes);
        frame.writeShort(utf8.length);
        frame.writeBytes(utf8);
    }

    /** Completes the call a RESPONSE frame answers. Runs on the I/O thread. */
    void onResponse(ByteBuf frame) {
        long id = frame.readLong();
        StatusCode status = StatusCode.fromWireValue(frame.readByte());
        PendingCall call = pending.remove(id);
        if (call == null) {
            log.debug("Dropping the response to call {} from {}: it already timed out or was cancelled", id, address);
            return;
        }
        complete(call, status, frame);
        if (draining) {
            closeIfDrained();
        }
    }

    private void complete(PendingCall call, StatusCode status, ByteBuf frame) {
        if (status == StatusCode.OK) {
            Object value;
            FrameInputStream in = streams.readingFrom(frame);
            try {
                value = codec.readValue(in, call.method().resultType());
            } catch (IOException | RuntimeException e) {
                call.completeExceptionally(new RpcException(StatusCode.CODEC_ERROR, "cannot decode the result of "
                        + call.describe() + " with codec " + codec.name() + ": " + e.getMessage(), e));
                return;
            } finally {
                in.detach();
            }
            call.complete(value);
        } else {
            String errorClass = Frames.readShortString(frame);
            String message = Frames.readShortString(frame);
            call.completeExceptionally(status == StatusCode.APPLICATION_ERROR
                    ? new RemoteApplicationException(errorClass, message.isEmpty() ? null : message, call.describe())
                    : new RpcException(status, call.describe() + " failed: " + message));
        }
    }

    OutboundQueue outbound() {
        return out;
    }

    boolean removePending(PendingCall call) {
        if (!pending.remove(call.id(), call)) {
            return false;
        }
        if (draining) {
            retireWhenDrained();
        }
        return true;
    }

    void sendCancel(long id) {
        if (!closed) {
            ByteBuf frame = Frames.begin(channel.alloc(), FrameType.CANCEL, 8);
            frame.writeLong(id);
            out.enqueue(Frames.seal(frame));
        }
    }

    void sendPing() {
        ByteBuf frame = Frames.begin(channel.alloc(), FrameType.PING, 8);
        frame.writeLong(System.nanoTime());
        out.enqueue(Frames.seal(frame));
    }

    /**
     * The server is shutting down: no new calls go out on this connection, and once the calls already sent are
     * answered the client closes it. The server waits for that close (up to its drain timeout) instead of closing
     * first, because only the client knows whether a request is still on its way; closing under it would fail a
     * call the server would have answered. Runs on the I/O thread.
     */
    void onGoAway(String reason) {
        draining = true;
        log.info("{} asked to drain this connection ({}); {} calls still pending", address, reason, pending.size());
        closeIfDrained();
    }

    private void retireWhenDrained() {
        if (channel.eventLoop().inEventLoop()) {
            closeIfDrained();
        } else {
            channel.eventLoop().execute(this::closeIfDrained);
        }
    }

    /**
     * Closes a draining connection that has no call pending. Runs on the I/O thread. {@code retiring} is written
     * before the table is read, and {@link #call} writes the table before it reads {@code retiring}: one of the
     * two always sees the other, so no request can be queued behind the close.
     */
    private void closeIfDrained() {
        if (!draining || closed || retiring) {
            return;
        }
        retiring = true;
        if (!pending.isEmpty()) {
            retiring = false;
            return;
        }
        log.debug("Closing the drained connection to {}", address);
        channel.close();
    }

    /** Fails every pending call; runs once the channel is closed. */
    void onClosed() {
        closed = true;
        deadlineSweep.cancel(false);
        // Close listeners first: the client takes the address out of rotation before the failed callers, some of
        // which retry at once, pick an instance again.
        closeFuture.complete(null);
        pending.forEach(call -> {
            if (removePending(call)) {
                call.completeExceptionally(closedWhilePending(call));
            }
        });
    }

    private RpcException closedWhilePending(PendingCall call) {
        return new RpcException(StatusCode.CONNECTION_ERROR, "the connection to " + address
                + " closed while " + call.describe() + " was waiting for its answer");
    }

    @Override
    public boolean isAvailable() {
        return !closed && !draining;
    }

    @Override
    public boolean isDraining() {
        return draining;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public int pendingCalls() {
        return pending.size();
    }

    @Override
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String toString() {
        return "connection to " + address + " (" + codec.name() + ", " + pending.size() + " pending)";
    }
}
