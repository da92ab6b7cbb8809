package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.EchoService;
import io.seedrpc.benchmark.echo.EchoServiceImpl;
import io.seedrpc.benchmark.echo.Payload;
import io.seedrpc.client.RpcClient;
import io.seedrpc.server.RpcServer;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * {@link AllocationProbe} for either codec and either payload: bytes allocated and CPU used by all threads of one
 * JVM per call, client and server together, 16 calls in flight through an {@code EchoService} proxy.
 * {@code java -cp rpc-benchmark/target/rpc-benchmark.jar io.seedrpc.benchmark.CodecCallProbe LABEL kryo|json
 * string|object}. It uses only rpc-core's public API and the echo service, so the same source also runs against an
 * older build as a single-file program: {@code java -cp OLD/rpc-benchmark.jar
 * rpc-benchmark/src/main/java/io/seedrpc/benchmark/CodecCallProbe.java LABEL json object}.
 */
public final class CodecCallProbe {

    private static final int CALLS = 100_000;
    private static final int IN_FLIGHT = 16;

    private CodecCallProbe() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        String label = args.length > 0 ? args[0] : "seedrpc";
        String codec = args.length > 1 ? args[1] : "kryo";
        Payload payload = Payload.fromId(args.length > 2 ? args[2] : "string");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RpcServer server = RpcServer.builder().host("127.0.0.1").port(0).build();
        server.addService(EchoService.class, new EchoServiceImpl());
        server.start();
        try (RpcClient client = RpcClient.builder().codec(codec).build()) {
            EchoService echo = client.proxy(EchoService.class, "tcp://127.0.0.1:" + server.port());
            run(echo, payload, CALLS);
            for (int round = 0; round < 3; round++) {
                long[] ids = threads.getAllThreadIds();
                long bytes = sum(threads.getThreadAllocatedBytes(ids));
                long cpu = sum(threads.getThreadCpuTime(ids));
                run(echo, payload, CALLS);
                ids = threads.getAllThreadIds();
                long bytesAfter = sum(threads.getThreadAllocatedBytes(ids));
                long cpuAfter = sum(threads.getThreadCpuTime(ids));
                out.printf(Locale.ROOT, "%s %s %s bytes/call %.0f cpu-us/call %.2f%n", label, codec, payload.id(),
                        (bytesAfter - bytes) / (double) CALLS, (cpuAfter - cpu) / 1000.0 / CALLS);
            }
        } finally {
            server.close();
        }
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long value : values) {
            if (value > 0) {
                total += value;
            }
        }
        return total;
    }

    private static void run(EchoService echo, Payload payload, int calls) throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        for (int i = 0; i < calls; i++) {
            inFlight.acquire();
            CompletableFuture<?> answer = payload == Payload.STRING
                    ? echo.echo(Payload.TEXT)
                    : echo.echoObject(Payload.OBJECT_VALUE);
            answer.whenComplete((value, failure) -> inFlight.release());
        }
        inFlight.acquire(IN_FLIGHT);
    }
}
