package io.seedrpc.benchmark.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The registry app under load, as users run it: its executable jar in a JVM of its own, on a free loopback port. */
final class RegistryProcess implements AutoCloseable {

    private final ChildJvm jvm;
    private final URI uri;

    private RegistryProcess(ChildJvm jvm, URI uri) {
        this.jvm = jvm;
        this.uri = uri;
    }

    /**
     * @param jvmArgs   options for the registry's JVM (before {@code -jar}), e.g. a flight recording
     * @param extraArgs the application's own arguments (after the jar), e.g. {@code --server.tomcat...}
     */
    static RegistryProcess start(ChildJvms children, String java, Path jar, String heap, int maxInstances,
                                 int maxWatchers, List<String> jvmArgs, List<String> extraArgs, Path log)
            throws IOException, InterruptedException {
        int port = ChildJvm.freePort();
        List<String> arguments = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap));
        arguments.addAll(jvmArgs);
        arguments.addAll(List.of("-jar", jar.toString(),
                "--server.address=127.0.0.1", "--server.port=" + port,
                "--rpc.registry.limits.max-instances=" + maxInstances,
                "--rpc.registry.limits.max-watchers=" + maxWatchers,
                "--logging.level.root=WARN"));
        arguments.addAll(extraArgs);
        RegistryProcess registry = new RegistryProcess(children.start("registry", java, arguments, log),
                URI.create("http://127.0.0.1:" + port));
        try {
            registry.awaitHealthy(Duration.ofSeconds(90));
        } catch (IOException | InterruptedException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    URI uri() {
        return uri;
    }

    ChildJvm jvm() {
        return jvm;
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(uri.resolve("/actuator/health")).timeout(Duration.ofSeconds(2))
                .build();
        jvm.awaitReady("the registry", timeout,
                () -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    @Override
    public void close() {
        jvm.close();
    }
}
