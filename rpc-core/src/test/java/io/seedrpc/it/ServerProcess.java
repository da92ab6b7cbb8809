package io.seedrpc.it;

import io.seedrpc.server.RpcServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server in its own JVM, for tests that must kill a server process outright. {@link #main} serves
 * {@link OrderService} and {@link WhereService} on the port given and prints {@code READY <port>} once listening.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a server JVM on {@code port} (0 for any) and waits until it listens. It serves {@link OrderService}
     * and a {@link WhereService} named {@code process-<port as given>}.
     */
    static ServerProcess start(int port) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Xmx128m", ServerProcess.class.getName(), String.valueOf(port), "process-" + port))
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        // One reader owns the output: it reports the READY line, then drains the rest so the child never blocks.
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            out.lines().forEach(line -> {
                if (!ready.isDone() && line.startsWith("READY ")) {
                    ready.complete(Integer.parseInt(line.substring(6).trim()));
                }
            });
            ready.completeExceptionally(new IllegalStateException("server process ended without reporting READY"));
        }, "server-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(process, ready.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("server process did not report READY within 30 s", e);
        }
    }

    int port() {
        return port;
    }

    /** Kills the JVM at once, as a crash would: no graceful shutdown, the OS closes its sockets. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server process " + process.pid() + " still alive 30 s after SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    public static void main(String[] args) throws InterruptedException {
        RpcServer server = RpcServer.builder().host("127.0.0.1").port(Integer.parseInt(args[0]))
                .drainTimeout(Duration.ZERO).build()
                .addService(OrderService.class, new OrderServiceImpl())
                .addService(WhereService.class, new WhereServiceImpl(args.length > 1 ? args[1] : "process", 0))
                .start();
        System.out.println("READY " + server.port());
        System.out.flush();
        server.awaitTermination();
    }
}
