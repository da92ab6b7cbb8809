package io.seedrpc.benchmark.targets;

import io.seedrpc.benchmark.Target;
import io.seedrpc.benchmark.TargetProvider;
import io.seedrpc.benchmark.echo.EchoService;
import io.seedrpc.benchmark.echo.EchoServiceImpl;
import io.seedrpc.benchmark.echo.Payload;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * The Apache Dubbo peer, API style: {@link ServiceConfig} and {@link ReferenceConfig} on the dubbo protocol with
 * its default serialization (Hessian 2), no registry ({@code N/A}), the client pointed at the server with a
 * direct {@code dubbo://127.0.0.1:port} URL, and otherwise Dubbo's defaults (one shared connection, a 200-thread
 * provider pool). The QoS console is switched off on both sides so the two JVMs do not fight over its port.
 */
public final class DubboTargets implements TargetProvider {

    @Override
    public List<Target> targets() {
        return List.of(new DubboTarget());
    }

    private static final class DubboTarget implements Target {

        @Override
        public String name() {
            return "dubbo";
        }

        @Override
        public String description() {
            return "Apache Dubbo 3.3 API style, dubbo protocol, default serialization (hessian2), direct URL, "
                    + "registry N/A, same EchoService proxy";
        }

        @Override
        public Kind kind() {
            return Kind.PEER;
        }

        @Override
        public Server startServer() throws IOException {
            useSlf4j();
            int port = freePort();
            ProtocolConfig protocol = new ProtocolConfig("dubbo", port);
            protocol.setHost("127.0.0.1");
            ServiceConfig<EchoService> service = new ServiceConfig<>();
            service.setInterface(EchoService.class);
            service.setRef(new EchoServiceImpl());
            DubboBootstrap bootstrap = DubboBootstrap.newInstance()
                    .application(application("seedrpc-benchmark-dubbo-server"))
                    .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
                    .protocol(protocol)
                    .service(service)
                    .start();
            return new Server() {
                @Override
                public int port() {
                    return port;
                }

                @Override
                public void close() {
                    bootstrap.stop();
                }
            };
        }

        @Override
        public Client connect(int port) {
            useSlf4j();
            ReferenceConfig<EchoService> reference = new ReferenceConfig<>();
            reference.setInterface(EchoService.class);
            reference.setUrl("dubbo://127.0.0.1:" + port);
            reference.setTimeout(10_000);
            DubboBootstrap bootstrap = DubboBootstrap.newInstance()
                    .application(application("seedrpc-benchmark-dubbo-client"))
                    .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
                    .reference(reference)
                    .start();
            EchoService echo = reference.get();
            echo.echo(Payload.TEXT).join();
            return new SeedRpcTargets.ProxyClient(echo, bootstrap::stop);
        }

        /**
         * Names Dubbo's logger before its first class loads; otherwise it probes for one and says so on standard
         * output. This JVM runs only this row, so the system property touches nothing else.
         */
        private static void useSlf4j() {
            System.setProperty("dubbo.application.logger", "slf4j");
        }

        private static ApplicationConfig application(String name) {
            ApplicationConfig application = new ApplicationConfig(name);
            application.setQosEnable(false);
            application.setLogger("slf4j");
            return application;
        }

        /** Dubbo cannot bind port 0 and report the port it got, so pick a free one first. */
        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }
}
