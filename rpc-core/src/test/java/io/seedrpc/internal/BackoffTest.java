package io.seedrpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void doublesFromTheInitialDelayWithJitterInTheUpperHalf() {
        assertThat(backoff.delay(1, 0.0)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.delay(1, 0.999999)).isBetween(Duration.ofMillis(499), Duration.ofMillis(500));
        assertThat(backoff.delay(2, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void staysAtTheCapHoweverLongTheOutage() {
        assertThat(backoff.delay(7, 0.999999)).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(1_000_000, 0.0)).isEqualTo(Duration.ofSeconds(15));
        assertThat(backoff.delay(Integer.MAX_VALUE, 0.999999)).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void refusesACapBelowTheStart() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
