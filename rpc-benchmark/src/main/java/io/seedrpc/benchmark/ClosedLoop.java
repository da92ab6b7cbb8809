package io.seedrpc.benchmark;

import io.seedrpc.benchmark.echo.Payload;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * N callers, each with exactly one echo in flight: a caller sends its next echo from the completion of the
 * previous one, on whatever thread the framework completes it. Successful calls are timed into an HdrHistogram
 * {@link Recorder} (nanoseconds from send to completion); failures are counted, and the failing caller tries
 * again a millisecond later so a broken connection cannot spin.
 */
final class ClosedLoop {

    private final Target.Client client;
    private final Payload payload;
    private final ScheduledExecutorService retries;
    private final Recorder recorder = new Recorder(3);
    private final LongAdder errors = new LongAdder();
    private final List<Caller> callers = new ArrayList<>();
    private final CountDownLatch stopped;
    private volatile boolean running;
    private volatile Throwable lastError;

    ClosedLoop(Target.Client client, Payload payload, int callers, ScheduledExecutorService retries) {
        this.client = client;
        this.payload = payload;
        this.retries = retries;
        this.stopped = new CountDownLatch(callers);
        for (int i = 0; i < callers; i++) {
            this.callers.add(new Caller());
        }
    }

    /** Starts every caller. */
    void start() {
        running = true;
        callers.forEach(Caller::send);
    }

    /** The calls timed since the previous call of this method (or since start), and resets. */
    Histogram interval() {
        return recorder.getIntervalHistogram();
    }

    /** Failed calls so far. */
    long errors() {
        return errors.sum();
    }

    /** The most recent failure, for the log; {@code null} if none. */
    Throwable lastError() {
        return lastError;
    }

    /**
     * Lets every caller finish its call in flight and send no more; waits up to {@code timeoutMillis}.
     *
     * @return whether every caller stopped in time
     */
    boolean stop(long timeoutMillis) throws InterruptedException {
        running = false;
        return stopped.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private final class Caller implements Target.Completion {

        private long sentAt;

        void send() {
            if (!running) {
                stopped.countDown();
                return;
            }
            sentAt = System.nanoTime();
            try {
                client.echo(payload, this);
            } catch (RuntimeException e) {
                complete(e);
            }
        }

        @Override
        public void complete(Throwable failure) {
            if (failure == null) {
                recorder.recordValue(System.nanoTime() - sentAt);
                send();
            } else {
                errors.increment();
                lastError = failure;
                retries.schedule(this::send, 1, TimeUnit.MILLISECONDS);
            }
        }
    }
}
