package io.seedrpc.sample.consumer;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * What the consumer's demo does.
 *
 * @param calls    how many calls to make
 * @param interval the pause between calls
 */
@ConfigurationProperties("sample.demo")
public record DemoProperties(int calls, Duration interval) {

    public DemoProperties {
        if (calls < 0) {
            throw new IllegalArgumentException("sample.demo.calls must be at least 0, was " + calls);
        }
        interval = interval == null ? Duration.ofMillis(100) : interval;
    }
}
