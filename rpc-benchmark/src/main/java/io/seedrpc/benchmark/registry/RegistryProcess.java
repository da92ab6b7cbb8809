package io.seedrpc.benchmark.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry app under load, as users run it: its executable jar in a JVM of its own, on a free loopback port.
 * Reads its CPU time from {@code /proc} and its heap after a full collection through {@code jcmd}.
 */
final class RegistryProcess implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    private final Process process;
    private final URI uri;

    private RegistryProcess(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    static RegistryProcess start(Path jar, String heap, int maxInstances, int maxWatchers, Path log)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xms" + heap, "-Xmx" + heap, "-jar", jar.toString(),
                "--server.address=127.0.0.1", "--server.port=" + port,
                "--rpc.registry.limits.max-instances=" + maxInstances,
                "--rpc.registry.limits.max-watchers=" + maxWatchers,
                "--logging.level.root=WARN")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RegistryProcess registry = new RegistryProcess(process, URI.create("http://127.0.0.1:" + port));
        registry.awaitHealthy(Duration.ofSeconds(90));
        return registry;
    }

    URI uri() {
        return uri;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time used so far, in nanoseconds ({@code utime + stime} of {@code /proc/<pid>/stat}); -1 if unknown. */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Heap in use right after a full collection, in bytes; -1 if {@code jcmd} cannot tell. */
    long heapAfterGc() throws InterruptedException {
        try {
            jcmd("GC.run");
            Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
            return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process run = new ProcessBuilder(List.of(jcmd, Long.toString(process.pid()), command))
                .redirectErrorStream(true).start();
        byte[] out = run.getInputStream().readAllBytes();
        run.waitFor(30, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException, IOException {
        var http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the registry exited with " + process.exitValue() + " before it answered");
            }
            try {
                var response = http.send(java.net.http.HttpRequest.newBuilder(uri.resolve("/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("the registry did not answer /actuator/health within " + timeout);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
