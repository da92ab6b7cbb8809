package io.seedrpc.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fails a test class that leaves SeedRPC threads running once its servers and clients are closed: every
 * thread has an owner that must stop it.
 */
public final class NoLeakedThreads implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        // Closing returns before every thread has finished its last task: give them a few seconds to end.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(seedrpcThreads()).as("SeedRPC threads still running after " + context.getDisplayName())
                        .isEmpty());
    }

    private static List<String> seedrpcThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("seedrpc-"))
                .toList();
    }
}
