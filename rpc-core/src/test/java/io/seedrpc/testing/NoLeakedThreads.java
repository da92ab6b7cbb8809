package io.seedrpc.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails a test class that leaves SeedRPC threads running once its servers and clients are closed: every
 * thread has an owner that must stop it.
 */
public final class NoLeakedThreads implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> alive = seedrpcThreads();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            alive = seedrpcThreads();
        }
        assertThat(alive).as("SeedRPC threads still running after " + context.getDisplayName()).isEmpty();
    }

    private static List<String> seedrpcThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("seedrpc-"))
                .toList();
    }
}
