package io.seedrpc.client;

import io.seedrpc.Address;
import io.seedrpc.RpcException;
import io.seedrpc.StatusCode;
import io.seedrpc.codec.Codec;
import io.seedrpc.codec.CodecRegistry;
import io.seedrpc.codec.TypeAllowlist;
import io.seedrpc.protocol.MethodDescriptor;
import io.seedrpc.protocol.Protocol;
import io.seedrpc.protocol.ServiceKeys;
import io.seedrpc.transport.ClientConnection;
import io.seedrpc.transport.ClientTransportOptions;
import io.seedrpc.transport.netty.NettyClientTransport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Calls remote services: typed proxies for everyday use, and {@link #call} for a single call with its own
 * timeout. Owns its I/O threads and one connection per server address and codec, shared by all its proxies.
 *
 * <pre>{@code
 * try (RpcClient client = RpcClient.builder().codec("kryo").build()) {
 *     Calculator calc = client.proxy(Calculator.class, "tcp://127.0.0.1:9100");
 *     int sum = calc.add(1, 2);                                  // blocking, bounded by the call timeout
 *     CompletableFuture<Integer> later = calc.addAsync(1, 2);    // methods returning a future are async
 * }
 * }</pre>
 *
 * <p>Thread-safe. Proxies fail with {@link RpcException} (unchecked), whose status says how; a remote
 * exception the interface method declares is thrown as itself.
 */
public final class RpcClient implements AutoCloseable {

    private final CodecRegistry codecs;
    private final Codec defaultCodec;
    private final Duration callTimeout;
    private final long connectAllowanceMillis;
    private final NettyClientTransport transport;
    private final ConnectionPool pool;

    private RpcClient(Builder builder) {
        this.codecs = builder.codecs != null ? builder.codecs : CodecRegistry.withDefaults(new TypeAllowlist());
        builder.allowedPackages.forEach(codecs.allowlist()::allowPackage);
        this.defaultCodec = codecs.byName(builder.codec);
        this.callTimeout = builder.callTimeout;
        this.connectAllowanceMillis = builder.connectTimeout.toMillis() + builder.handshakeTimeout.toMillis() + 1_000;
        this.transport = new NettyClientTransport(new ClientTransportOptions(builder.ioThreads,
                builder.connectTimeout, builder.handshakeTimeout, builder.pingInterval, builder.maxFrameSize,
                builder.authToken));
        this.pool = new ConnectionPool(transport);
    }

    /** A builder with the defaults: Kryo, 3 s call timeout, 3 s connect timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /** A proxy of {@code serviceInterface} (no version) served at {@code address}, with the client's defaults. */
    public <T> T proxy(Class<T> serviceInterface, String address) {
        return proxy(ReferenceConfig.of(serviceInterface).withAddress(address));
    }

    /**
     * A proxy as {@code reference} describes. Creating it opens no connection; the first call does.
     *
     * @throws IllegalArgumentException when the reference names a class rather than an interface, has no
     *                                  address, or names an unknown codec
     */
    public <T> T proxy(ReferenceConfig<T> reference) {
        if (reference.address() == null) {
            throw new IllegalArgumentException("the reference to " + reference.serviceInterface().getName()
                    + " has no address; give one, e.g. tcp://127.0.0.1:9100");
        }
        Codec codec = reference.codec() == null ? defaultCodec : codecs.byName(reference.codec());
        codecs.allowlist().allowTypesReachableFrom(reference.serviceInterface());
        Duration timeout = reference.timeout() == null ? callTimeout : reference.timeout();
        Invoker invoker = new DirectInvoker(pool, reference.address(), codec);
        return ServiceProxy.create(reference.serviceInterface(),
                ServiceKeys.of(reference.serviceInterface(), reference.version()), invoker, timeout.toMillis(),
                connectAllowanceMillis);
    }

    /**
     * Makes one call with the default codec and its own timeout; the asynchronous primitive the proxies are built
     * on. Never blocks. The future fails with an {@link RpcException} naming the call and address.
     *
     * @param serviceKey the service key, see {@link ServiceKeys}
     * @param method     the interface method, see {@link MethodDescriptor#of}
     */
    public CompletableFuture<Object> call(Address address, String serviceKey, MethodDescriptor method,
                                          Object[] args, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Invocation invocation = new Invocation(serviceKey, method, args == null ? new Object[0] : args,
                timeout.toMillis());
        return new DirectInvoker(pool, address, defaultCodec).invoke(invocation);
    }

    /**
     * The pooled connection to {@code address} for the default codec, opening it if needed; for code that wants
     * to check reachability or hold a connection itself.
     */
    public CompletableFuture<ClientConnection> connection(Address address) {
        return pool.get(address, defaultCodec);
    }

    /** The codecs this client speaks and their allowlist. */
    public CodecRegistry codecs() {
        return codecs;
    }

    /** Closes every connection (pending calls fail with {@link StatusCode#CONNECTION_ERROR}) and every thread. */
    @Override
    public void close() {
        transport.close();
    }

    /** Configures an {@link RpcClient}. Not thread-safe. */
    public static final class Builder {

        private String codec = "kryo";
        private Duration callTimeout = Duration.ofSeconds(3);
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration handshakeTimeout = Duration.ofSeconds(3);
        private Duration pingInterval = Duration.ofSeconds(30);
        private int ioThreads;
        private int maxFrameSize = Protocol.DEFAULT_MAX_FRAME_SIZE;
        private String authToken;
        private CodecRegistry codecs;
        private final List<String> allowedPackages = new ArrayList<>();

        private Builder() {
        }

        /** The codec references use unless they name another: {@code kryo} (default) or {@code json}. */
        public Builder codec(String codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        /** How long a call may wait for its answer unless its reference says otherwise; default 3 s. */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = requirePositive(timeout, "callTimeout");
            return this;
        }

        /** How long opening a TCP connection (and an HTTP tunnel) may take; default 3 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive(timeout, "connectTimeout");
            return this;
        }

        /** How long the server may take to answer the handshake; default 3 s. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = requirePositive(timeout, "handshakeTimeout");
            return this;
        }

        /** How long a connection may stay silent before it is pinged; default 30 s. */
        public Builder pingInterval(Duration interval) {
            this.pingInterval = requirePositive(interval, "pingInterval");
            return this;
        }

        /** I/O threads; default 0, Netty's choice (twice the cores). */
        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 0) {
                throw new IllegalArgumentException("ioThreads must be at least 0, was " + ioThreads);
            }
            this.ioThreads = ioThreads;
            return this;
        }

        /** The largest frame accepted from a server, in bytes; default 16 MiB. */
        public Builder maxFrameSize(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxFrameSize must be at least 1024 bytes, was " + bytes);
            }
            this.maxFrameSize = bytes;
            return this;
        }

        /** The token to present in every handshake; default none. */
        public Builder authToken(String token) {
            this.authToken = token == null || token.isEmpty() ? null : token;
            return this;
        }

        /** The codecs to speak, with their shared allowlist; default Kryo and JSON. */
        public Builder codecs(CodecRegistry codecs) {
            this.codecs = Objects.requireNonNull(codecs, "codecs");
            return this;
        }

        /**
         * Lets the codecs instantiate classes of this package (and its subpackages) besides the types reachable
         * from the proxied interfaces.
         */
        public Builder allowPackage(String packageName) {
            allowedPackages.add(packageName);
            return this;
        }

        /**
         * @throws IllegalArgumentException when the codec name is unknown
         */
        public RpcClient build() {
            return new RpcClient(this);
        }

        private static Duration requirePositive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
            }
            return value;
        }
    }
}
