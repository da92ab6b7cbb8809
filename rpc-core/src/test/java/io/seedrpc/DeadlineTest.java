package io.seedrpc;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineTest {

    @Test
    void countsDownFromItsStartAndNeverBelowZero() {
        Deadline deadline = Deadline.afterMillis(60_000);
        assertThat(deadline.isBounded()).isTrue();
        assertThat(deadline.isExpired()).isFalse();
        assertThat(deadline.remainingMillis()).isBetween(1L, 60_000L);

        Deadline passed = Deadline.afterMillis(-5);
        assertThat(passed.isExpired()).isTrue();
        assertThat(passed.remainingMillis()).isZero();
        assertThat(passed.remaining()).isEqualTo(Duration.ZERO);
    }

    @Test
    void roundsUpSoThatATimeLeftIsNeverSentAsZero() {
        Deadline deadline = Deadline.after(Duration.ofNanos(1_500_000_000L));
        long millis = deadline.remainingMillis();
        assertThat(millis).isBetween(1L, 1_500L);
        assertThat(millis * 1_000_000L).isGreaterThanOrEqualTo(deadline.remainingNanos());
    }

    @Test
    void noneIsUnboundedAndLaterThanEveryBoundedDeadline() {
        Deadline none = Deadline.none();
        Deadline soon = Deadline.afterMillis(10);
        assertThat(none.isBounded()).isFalse();
        assertThat(none.isExpired()).isFalse();
        assertThat(none.remainingMillis()).isEqualTo(Long.MAX_VALUE);
        assertThat(soon.isBefore(none)).isTrue();
        assertThat(none.earliest(soon)).isSameAs(soon);
        assertThat(soon.earliest(Deadline.afterMillis(60_000))).isSameAs(soon);
    }

    @Test
    void aHugeTimeoutSaturatesInsteadOfOverflowingIntoThePast() {
        assertThat(Deadline.after(Duration.ofDays(365L * 1_000_000)).isExpired()).isFalse();
        assertThat(Deadline.afterMillis(Long.MAX_VALUE).isExpired()).isFalse();
        assertThat(Deadline.after(Duration.ofSeconds(Long.MIN_VALUE)).isExpired()).isTrue();
    }

    @Test
    void remembersTheTimeoutItWasMadeFromForMessages() {
        Deadline deadline = Deadline.afterMillis(300);
        assertThat(deadline.timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(Deadline.afterMillis(-5).timeout()).isEqualTo(Duration.ZERO);
        assertThat(Deadline.none().timeout()).isNull();
    }

    @Test
    void afterMillisSinceCountsFromTheGivenReadingNotFromNow() {
        long start = System.nanoTime() - Duration.ofSeconds(10).toNanos();
        Deadline arrivedEarlier = Deadline.afterMillisSince(start, 5_000);
        assertThat(arrivedEarlier.isExpired()).isTrue();
        assertThat(arrivedEarlier.timeout()).isEqualTo(Duration.ofMillis(5_000));
        assertThat(arrivedEarlier.isExpiredAt(start + Duration.ofMillis(4_999).toNanos())).isFalse();
        assertThat(arrivedEarlier.isExpiredAt(start + Duration.ofMillis(5_000).toNanos())).isTrue();
        assertThat(Deadline.afterMillisSince(start, 5_000)).isEqualTo(arrivedEarlier);
        assertThat(Deadline.afterMillisSince(System.nanoTime(), 60_000).remainingMillis()).isBetween(59_000L, 60_000L);
    }

    @Test
    void isExpiredAtJudgesAGivenClockReading() {
        long now = System.nanoTime();
        Deadline deadline = Deadline.afterMillis(1_000);
        assertThat(deadline.isExpiredAt(now)).isFalse();
        assertThat(deadline.isExpiredAt(now + 2_000_000_000L)).isTrue();
        assertThat(Deadline.none().isExpiredAt(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void extendingMovesTheInstantButKeepsTheTimeoutForMessages() {
        Deadline deadline = Deadline.afterMillis(100);
        Deadline later = deadline.extendedBy(Duration.ofSeconds(60));
        assertThat(later.remainingMillis()).isGreaterThan(59_000L);
        assertThat(later.timeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(deadline.isBefore(later)).isTrue();
        assertThat(Deadline.none().extendedBy(Duration.ofSeconds(1))).isSameAs(Deadline.none());
        assertThat(deadline.extendedBy(Duration.ofDays(365L * 1_000_000)).isExpired()).isFalse();
    }
}
