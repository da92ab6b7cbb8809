package io.seedrpc.benchmark.targets;

import io.micrometer.observation.ObservationRegistry;
import io.seedrpc.benchmark.Target;
import io.seedrpc.benchmark.TargetProvider;
import io.seedrpc.benchmark.echo.DirectEchoServiceImpl;
import io.seedrpc.benchmark.echo.EchoService;
import io.seedrpc.benchmark.echo.EchoServiceImpl;
import io.seedrpc.benchmark.echo.Payload;
import io.seedrpc.client.RpcClient;
import io.seedrpc.observation.ObservationClientInterceptor;
import io.seedrpc.observation.ObservationServerInterceptor;
import io.seedrpc.server.RpcServer;
import io.seedrpc.tls.TlsSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * SeedRPC's own rows: {@link RpcServer} and {@link RpcClient} from rpc-core with their defaults, called through
 * a typed proxy of {@link EchoService} on one connection.
 */
public final class SeedRpcTargets implements TargetProvider {

    /** The call timeout of every SeedRPC row's client. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public List<Target> targets() {
        return List.of(
                new SeedRpcTarget("seedrpc-kryo", "kryo", false, false, List.of(),
                        "rpc-core RpcServer/RpcClient, Kryo codec, proxy, service methods on the worker executor"),
                new SeedRpcTarget("seedrpc-json", "json", false, false, List.of(),
                        "as seedrpc-kryo with the JSON (Jackson) codec"),
                new SeedRpcTarget("seedrpc-kryo-direct", "kryo", true, false, List.of(),
                        "as seedrpc-kryo, implementation annotated @DirectDispatch: the method runs on the I/O thread"),
                new SeedRpcTarget("seedrpc-kryo-nio", "kryo", false, false, SeedRpcTransport.FORCE_NIO,
                        "as seedrpc-kryo on Netty's NIO transport (-Dseedrpc.transport=nio in both JVMs)"),
                new SeedRpcTarget("seedrpc-kryo-direct-nio", "kryo", true, false, SeedRpcTransport.FORCE_NIO,
                        "as seedrpc-kryo-direct on Netty's NIO transport (-Dseedrpc.transport=nio in both JVMs)"),
                new SeedRpcTarget("seedrpc-kryo-observed", "kryo", false, true, List.of(),
                        "as seedrpc-kryo, with the Observation interceptors on both sides and an ObservationRegistry "
                                + "without handlers"),
                new SeedRpcRow("seedrpc-kryo-tls",
                        "as seedrpc-kryo over TLS: TlsSettings on both builders, JDK provider, TLS 1.3, EC P-256",
                        SeedRpcTargets::startTlsServer, SeedRpcTargets::connectOverTls));
    }

    /** seedrpc-kryo's server over TLS (JDK provider, the JDK's default protocol: TLS 1.3, EC P-256 certificate). */
    private static Target.Server startTlsServer() throws Exception {
        Path store = BenchTls.makeStore();
        RpcServer.Builder builder = RpcServer.builder()
                .tls(TlsSettings.builder().keyManagers(BenchTls.keyManagers(store)).build());
        int[] port = new int[1];
        Target.Server server = serve(builder, EchoService.class, new EchoServiceImpl(),
                () -> BenchTls.unpublish(port[0]));
        port[0] = server.port();
        BenchTls.publish(store, port[0]);
        return server;
    }

    private static Target.Client connectOverTls(int port) throws Exception {
        RpcClient client = RpcClient.builder().codec("kryo").callTimeout(CALL_TIMEOUT)
                .tls(TlsSettings.builder().trustManagers(BenchTls.trustManagers(port)).build()).build();
        EchoService echo = client.proxy(EchoService.class, "tcp://127.0.0.1:" + port);
        echo.echo(Payload.TEXT).join();
        return new ProxyClient(echo, client::close);
    }

    /**
     * A row on rpc-core's own server and client.
     *
     * @param jvmArgs options of both JVMs, e.g. {@link SeedRpcTransport#FORCE_NIO}
     */
    private record SeedRpcTarget(String name, String codec, boolean direct, boolean observed, List<String> jvmArgs,
                                 String description) implements Target {

        @Override
        public Kind kind() {
            return Kind.SEEDRPC;
        }

        @Override
        public String transport() {
            return SeedRpcTransport.inThisJvm();
        }

        @Override
        public Server startServer() {
            return startEchoServer(direct, observed);
        }

        @Override
        public Client connect(int port) {
            RpcClient.Builder builder = RpcClient.builder().codec(codec).callTimeout(CALL_TIMEOUT);
            if (observed) {
                builder.interceptor(new ObservationClientInterceptor(ObservationRegistry.create()));
            }
            RpcClient client = builder.build();
            EchoService echo = client.proxy(EchoService.class, "tcp://127.0.0.1:" + port);
            // Opens the connection (and fails here, not in the first measured call, if it cannot).
            echo.echo(Payload.TEXT).join();
            return new ProxyClient(echo, client::close);
        }
    }

    /**
     * A plain rpc-core {@link RpcServer} with every default, serving the echo on {@code 127.0.0.1} and a free
     * port; {@code direct} serves the {@code @DirectDispatch} implementation. Shared by every row whose server is
     * this one.
     */
    static Target.Server startEchoServer(boolean direct) {
        return startEchoServer(direct, false);
    }

    /** {@link #startEchoServer(boolean)}, with {@code observed} the Observation interceptor on a handler-less registry. */
    private static Target.Server startEchoServer(boolean direct, boolean observed) {
        RpcServer.Builder builder = RpcServer.builder();
        if (observed) {
            builder.interceptor(new ObservationServerInterceptor(ObservationRegistry.create()));
        }
        return serve(builder, EchoService.class, direct ? new DirectEchoServiceImpl() : new EchoServiceImpl(), () -> { });
    }

    /**
     * Builds {@code builder} on {@code 127.0.0.1} and a free port, serves {@code implementation} and starts: the
     * one way every SeedRPC row's server comes up. {@code afterClose} runs once the server has stopped.
     */
    static <T> Target.Server serve(RpcServer.Builder builder, Class<T> service, T implementation, Runnable afterClose) {
        RpcServer server = builder.host("127.0.0.1").port(0).build();
        server.addService(service, implementation);
        server.start();
        return new Target.Server() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                server.close();
                afterClose.run();
            }
        };
    }

    /** Calls through the proxy; also used by any row that reaches SeedRPC through an {@link EchoService}. */
    record ProxyClient(EchoService echo, Runnable closer) implements Target.Client {

        @Override
        public void echo(Payload payload, Target.Completion done) {
            switch (payload) {
                case STRING -> echo.echo(Payload.TEXT)
                        .whenComplete((answer, failure) -> Echoes.finish(done, Payload.TEXT, answer, failure));
                case OBJECT -> echo.echoObject(Payload.OBJECT_VALUE)
                        .whenComplete((answer, failure) -> Echoes.finish(done, Payload.OBJECT_VALUE, answer, failure));
            }
        }

        @Override
        public void close() {
            closer.run();
        }
    }
}
