package io.seedrpc.benchmark.targets;

import io.seedrpc.benchmark.Target;
import io.seedrpc.benchmark.TargetProvider;
import io.seedrpc.benchmark.echo.DirectEchoServiceImpl;
import io.seedrpc.benchmark.echo.EchoService;
import io.seedrpc.benchmark.echo.EchoServiceImpl;
import io.seedrpc.benchmark.echo.Payload;
import io.seedrpc.client.RpcClient;
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
                new SeedRpcTarget("seedrpc-kryo", "kryo", false,
                        "rpc-core RpcServer/RpcClient, Kryo codec, proxy, service methods on the worker executor"),
                new SeedRpcTarget("seedrpc-json", "json", false,
                        "as seedrpc-kryo with the JSON (Jackson) codec"),
                new SeedRpcTarget("seedrpc-kryo-direct", "kryo", true,
                        "as seedrpc-kryo, implementation annotated @DirectDispatch: the method runs on the I/O thread"),
                new SeedRpcTlsTarget());
    }

    /** As seedrpc-kryo over TLS (JDK provider, the JDK's default protocol: TLS 1.3, EC P-256 certificate). */
    private record SeedRpcTlsTarget() implements Target {

        @Override
        public String name() {
            return "seedrpc-kryo-tls";
        }

        @Override
        public String description() {
            return "as seedrpc-kryo over TLS: TlsSettings on both builders, JDK provider, TLS 1.3, EC P-256";
        }

        @Override
        public Kind kind() {
            return Kind.SEEDRPC;
        }

        @Override
        public Server startServer() throws Exception {
            Path store = BenchTls.makeStore();
            RpcServer server = RpcServer.builder().host("127.0.0.1").port(0)
                    .tls(TlsSettings.builder().keyManagers(BenchTls.keyManagers(store)).build()).build();
            server.addService(EchoService.class, new EchoServiceImpl());
            server.start();
            int port = server.port();
            BenchTls.publish(store, port);
            return new Target.Server() {
                @Override
                public int port() {
                    return port;
                }

                @Override
                public void close() {
                    server.close();
                    BenchTls.unpublish(port);
                }
            };
        }

        @Override
        public Client connect(int port) throws Exception {
            RpcClient client = RpcClient.builder().codec("kryo").callTimeout(CALL_TIMEOUT)
                    .tls(TlsSettings.builder().trustManagers(BenchTls.trustManagers(port)).build()).build();
            EchoService echo = client.proxy(EchoService.class, "tcp://127.0.0.1:" + port);
            echo.echo(Payload.TEXT).join();
            return new ProxyClient(echo, client::close);
        }
    }

    private record SeedRpcTarget(String name, String codec, boolean direct, String description) implements Target {

        @Override
        public Kind kind() {
            return Kind.SEEDRPC;
        }

        @Override
        public Server startServer() {
            return startEchoServer(direct);
        }

        @Override
        public Client connect(int port) {
            RpcClient client = RpcClient.builder().codec(codec).callTimeout(CALL_TIMEOUT).build();
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
        RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).build();
        server.addService(EchoService.class, direct ? new DirectEchoServiceImpl() : new EchoServiceImpl());
        server.start();
        return new Target.Server() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                server.close();
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
