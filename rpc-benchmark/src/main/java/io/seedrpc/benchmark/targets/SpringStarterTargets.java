package io.seedrpc.benchmark.targets;

import io.seedrpc.benchmark.Target;
import io.seedrpc.benchmark.TargetProvider;
import io.seedrpc.benchmark.echo.EchoService;
import io.seedrpc.benchmark.echo.Payload;
import io.seedrpc.discovery.Discovery;
import io.seedrpc.invoke.ClientInterceptor;
import io.seedrpc.server.RpcServer;
import io.seedrpc.spring.annotation.RpcReference;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import java.util.List;

/**
 * The starter's row: the server is the one of {@code seedrpc-kryo}, and the client is a Spring Boot application
 * built from {@code rpc-spring-boot-starter} whose bean holds an {@link RpcReference} field; the closed loop calls
 * through that injected proxy. Set against {@code seedrpc-kryo}, the difference is what the starter adds on the
 * calling side.
 */
public final class SpringStarterTargets implements TargetProvider {

    /** The property the reference's url reads the server's port from. */
    static final String PORT_PROPERTY = "seedrpc.benchmark.port";

    @Override
    public List<Target> targets() {
        return List.of(SeedRpcRow.onKryoServer("seedrpc-spring", "seedrpc-kryo's server; the client a Spring Boot "
                + "context from the starter, calling an @RpcReference(url=...) proxy, Kryo, call timeout 10s",
                SpringStarterTargets::connect));
    }

    private static Target.Client connect(int port) {
        // Given as command-line arguments, which outrank environment variables and system properties, so no
        // rpc.* setting of the machine can start a server or point this client at a registry.
        ConfigurableApplicationContext context = new SpringApplicationBuilder(EchoCallerApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run("--" + PORT_PROPERTY + "=" + port,
                        "--rpc.server.enabled=false",
                        "--rpc.registry.addresses=",
                        "--rpc.client.codec=kryo",
                        "--rpc.client.timeout=" + SeedRpcTargets.CALL_TIMEOUT.toSeconds() + "s");
        try {
            requireClientOnly(context);
            EchoService echo = context.getBean(EchoCaller.class).echo;
            // Opens the connection (and fails here, not in the first measured call, if it cannot).
            echo.echo(Payload.TEXT).join();
            return new SeedRpcTargets.ProxyClient(echo, context::close);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /**
     * The row measures a plain consumer, the call path of {@code seedrpc-kryo} inside a Spring context: a server, a
     * discovery or a client interceptor (Micrometer's, the actuator's call statistics) in the context would be
     * something else.
     */
    private static void requireClientOnly(ConfigurableApplicationContext context) {
        if (!context.getBeansOfType(RpcServer.class).isEmpty()
                || !context.getBeansOfType(Discovery.class).isEmpty()
                || !context.getBeansOfType(ClientInterceptor.class).isEmpty()) {
            throw new IllegalStateException("the Spring client context has an RpcServer, a Discovery or a "
                    + "ClientInterceptor bean: " + context.getBeanNamesForType(RpcServer.class).length + " servers, "
                    + context.getBeanNamesForType(Discovery.class).length + " discoveries, "
                    + context.getBeanNamesForType(ClientInterceptor.class).length + " client interceptors");
        }
    }

    /** The client application: auto-configuration from the starter and one bean that calls the echo. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(EchoCaller.class)
    static class EchoCallerApplication {
    }

    /** A bean as an application would write it: the starter sets its field to a proxy. */
    static class EchoCaller {

        @RpcReference(url = "tcp://127.0.0.1:${" + PORT_PROPERTY + "}")
        EchoService echo;
    }
}
