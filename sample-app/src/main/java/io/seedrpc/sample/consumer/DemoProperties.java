package io.seedrpc.sample.consumer;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the consumer's demo does.
 *
 * @param calls        how many calls to make
 * @param interval     the pause between calls
 * @param pauseAfter   after this many calls, wait for the demo script to stop a provider before going on; 0 never
 *                     waits
 * @param signalDir    where the pause is signalled: the consumer creates {@code consumer-paused} there and goes on
 *                     once {@code consumer-resume} appears; required when {@code pauseAfter} is set
 * @param pauseTimeout the longest the consumer waits for {@code consumer-resume} before going on regardless
 */
@ConfigurationProperties("sample.demo")
public record DemoProperties(int calls, Duration interval, int pauseAfter, Path signalDir, Duration pauseTimeout) {

    public DemoProperties {
        if (calls < 0) {
            throw new IllegalArgumentException("sample.demo.calls must be at least 0, was " + calls);
        }
        if (pauseAfter < 0) {
            throw new IllegalArgumentException("sample.demo.pause-after must be at least 0, was " + pauseAfter);
        }
        if (pauseAfter > 0 && signalDir == null) {
            throw new IllegalArgumentException("sample.demo.pause-after is " + pauseAfter
                    + " but sample.demo.signal-dir is not set: set the directory the demo script signals through");
        }
        interval = interval == null ? Duration.ofMillis(100) : interval;
        pauseTimeout = pauseTimeout == null ? Duration.ofSeconds(60) : pauseTimeout;
    }
}
