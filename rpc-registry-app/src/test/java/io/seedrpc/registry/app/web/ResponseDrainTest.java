package io.seedrpc.registry.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The drain's wait is bounded and ends as soon as the last response is written. (That the valve counts real
 * responses is proven end to end by {@code RegistryRestartTest}.)
 */
class ResponseDrainTest {

    private final UnfinishedResponses responses = new UnfinishedResponses();

    @Test
    void stoppingWithNothingUnderWayDoesNotWait() {
        long started = System.nanoTime();
        new ResponseDrain(responses, Duration.ofMinutes(1)).stop();

        // Far below the limit; generous only because a loaded machine can pause any thread for a while.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void stoppingEndsAsSoonAsTheLastResponseIsWritten() throws Exception {
        responses.opened();
        responses.opened();
        ResponseDrain drain = new ResponseDrain(responses, Duration.ofMinutes(1));
        Thread[] stopper = new Thread[1];
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            stopper[0] = Thread.currentThread();
            drain.stop();
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> stopper[0] != null && stopper[0].getState() == Thread.State.TIMED_WAITING);

        responses.closed();
        assertThat(stopped).as("one response is still being written").isNotDone();
        responses.closed();
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(responses.unfinished()).isZero();
    }

    @Test
    void aResponseThatIsNeverWrittenHoldsTheStopOnlyForTheLimit() {
        responses.opened();
        Duration limit = Duration.ofMillis(300);

        long started = System.nanoTime();
        new ResponseDrain(responses, limit).stop();
        Duration stopping = Duration.ofNanos(System.nanoTime() - started);

        assertThat(stopping).isGreaterThanOrEqualTo(limit);
        // The upper bound is generous for a loaded machine; without a limit this would never return at all.
        assertThat(stopping).isLessThan(Duration.ofSeconds(10));
        assertThat(responses.unfinished()).isOne();
    }
}
