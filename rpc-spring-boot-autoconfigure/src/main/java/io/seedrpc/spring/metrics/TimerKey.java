package io.seedrpc.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** The tags of one RPC timer; a cache key, so that recording a call does not build a meter id. */
record TimerKey(String service, String method, String outcome) {

    Timer register(String name, String description, MeterRegistry registry) {
        return Timer.builder(name)
                .description(description)
                .tag("service", service)
                .tag("method", method)
                .tag("outcome", outcome)
                .register(registry);
    }
}
