package io.seedrpc.registry.app;

import io.seedrpc.registry.api.InstanceInfo;
import io.seedrpc.registry.app.live.Registry;
import io.seedrpc.registry.app.live.ServiceWatches;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.connector.Connector;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The registry application running in this JVM on a loopback port, for tests that talk to it over real HTTP.
 * Close it to stop the server and free the port.
 */
final class RunningRegistry implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;

    private RunningRegistry(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** Starts the registry on a random free port with the given {@code key=value} properties. */
    static RunningRegistry start(String... properties) {
        return startOnPort(0, properties);
    }

    /** Starts the registry on {@code port} (0 for any free one) with the given {@code key=value} properties. */
    static RunningRegistry startOnPort(int port, String... properties) {
        return startOnPort(port, new Class<?>[0], properties);
    }

    /**
     * Starts the registry on a random free port with {@code configuration} added to the application's own (to
     * change the server under test, not the registry), and the given {@code key=value} properties.
     */
    static RunningRegistry startWith(Class<?> configuration, String... properties) {
        return startOnPort(0, new Class<?>[] {configuration}, properties);
    }

    private static RunningRegistry startOnPort(int port, Class<?>[] configurations, String... properties) {
        // As command-line arguments: they take precedence over application.yml, unlike default properties.
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new RunningRegistry(new SpringApplicationBuilder(RegistryApplication.class)
                .sources(configurations)
                .run(args.toArray(String[]::new)));
    }

    /** A port no one listens on now, to start a registry on more than once. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    URI uri(String path) {
        return URI.create(uri() + path);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The Tomcat connector serving the API, for tests that act on the web server itself. */
    Connector connector() {
        WebServer server = ((WebServerApplicationContext) context).getWebServer();
        return ((TomcatWebServer) server).getTomcat().getService().findConnectors()[0];
    }

    /** How many blocking queries are parked now. */
    int waitingQueries() {
        return bean(ServiceWatches.class).waiting();
    }

    /** Removes every instance, so that the next test starts from an empty registry. */
    void clear() {
        Registry registry = bean(Registry.class);
        for (InstanceInfo instance : registry.all().instances()) {
            registry.deregister(instance.id());
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
