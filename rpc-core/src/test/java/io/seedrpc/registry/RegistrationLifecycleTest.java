package io.seedrpc.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistrationLifecycleTest {

    private final RegistrationLifecycle lifecycle =
            new RegistrationLifecycle("test registration", Duration.ofMillis(200));
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger deregistrations = new AtomicInteger();

    @Test
    void startsOnceAndNeverAfterClose() {
        lifecycle.start(starts::incrementAndGet);

        assertThatThrownBy(() -> lifecycle.start(starts::incrementAndGet)).isInstanceOf(IllegalStateException.class)
                .hasMessage("test registration already started");
        assertThat(lifecycle.close(this::deregistered, "it expires")).isTrue();
        assertThatThrownBy(() -> lifecycle.start(starts::incrementAndGet)).hasMessage("test registration is closed");
        assertThat(starts).hasValue(1);
    }

    @Test
    void deregistersOnceAndOnlyWhenStarted() {
        assertThat(lifecycle.close(this::deregistered, "it expires")).isTrue();
        assertThat(deregistrations).hasValue(0);

        RegistrationLifecycle started = new RegistrationLifecycle("started", Duration.ofMillis(200));
        started.start(starts::incrementAndGet);
        assertThat(started.close(this::deregistered, "it expires")).isTrue();
        assertThat(started.close(this::deregistered, "it expires")).isFalse();
        assertThat(deregistrations).hasValue(1);
    }

    @Test
    void waitsForADeregistrationThatNeverEndsNoLongerThanTheTimeout() {
        lifecycle.start(starts::incrementAndGet);

        long begun = System.nanoTime();
        assertThat(lifecycle.close(CompletableFuture::new, "it expires")).isTrue();

        // At least the timeout (it did wait), and not unboundedly longer.
        assertThat(Duration.ofNanos(System.nanoTime() - begun)).isGreaterThanOrEqualTo(Duration.ofMillis(200))
                .isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aFailedDeregistrationStillCloses() {
        lifecycle.start(starts::incrementAndGet);

        assertThat(lifecycle.close(() -> CompletableFuture.failedFuture(new IllegalStateException("gone")),
                "it expires")).isTrue();
        assertThat(lifecycle.close(this::deregistered, "it expires")).isFalse();
    }

    private CompletableFuture<?> deregistered() {
        deregistrations.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }
}
