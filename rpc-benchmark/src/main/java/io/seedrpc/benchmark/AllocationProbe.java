package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.EchoService;
import io.seedrpc.benchmark.echo.EchoServiceImpl;
import io.seedrpc.benchmark.echo.Payload;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Bytes allocated and CPU time used by all threads of one JVM per call, client and server together: the work per
 * call, which a loaded machine blurs less than throughput. {@code java -cp rpc-benchmark/target/rpc-benchmark.jar
 * io.seedrpc.benchmark.AllocationProbe LABEL}; it uses only rpc-core's public API and the echo service, so the same
 * source also runs against an older build as a single-file program.
 */
public final class AllocationProbe {

    private AllocationProbe() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        String label = args.length > 0 ? args[0] : "seedrpc";
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).build();
        server.addService(EchoService.class, new EchoServiceImpl());
        server.start();
        try (RpcClient client = RpcClient.builder().build()) {
            EchoService echo = client.proxy(EchoService.class, "tcp://127.0.0.1:" + server.port());
            run(echo, 300_000);
            for (int i = 0; i < 3; i++) {
                long[] ids = threads.getAllThreadIds();
                long bytes = sum(threads.getThreadAllocatedBytes(ids));
                long cpu = sum(threads.getThreadCpuTime(ids));
                int calls = 300_000;
                run(echo, calls);
                ids = threads.getAllThreadIds();
                long bytesAfter = sum(threads.getThreadAllocatedBytes(ids));
                long cpuAfter = sum(threads.getThreadCpuTime(ids));
                out.printf(java.util.Locale.ROOT, "%s bytes/call %.0f cpu-us/call %.2f%n", label, (bytesAfter - bytes) / (double) calls,
                        (cpuAfter - cpu) / 1000.0 / calls);
            }
        } finally {
            server.close();
        }
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            if (v > 0) total += v;
        }
        return total;
    }

    private static void run(EchoService echo, int calls) throws InterruptedException {
        Semaphore inFlight = new Semaphore(16);
        for (int i = 0; i < calls; i++) {
            inFlight.acquire();
            CompletableFuture<String> answer = echo.echo(Payload.TEXT);
            answer.whenComplete((v, e) -> inFlight.release());
        }
        inFlight.acquire(16);
    }
}
