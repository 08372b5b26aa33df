package dev.voltstream.stationproducer.service;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateBudgetTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void theFirstTickOnlyStartsTheClock() {
        assertThat(new RateBudget(100).take(T0)).isZero();
    }

    @Test
    void ticksReleaseElapsedTimesRate() {
        RateBudget budget = new RateBudget(100);
        budget.take(T0);

        int total = 0;
        for (int i = 1; i <= 10; i++) {
            total += budget.take(T0.plusMillis(100L * i));
        }

        assertThat(total).isEqualTo(100);
    }

    @Test
    void fractionsCarryOverToTheNextTick() {
        RateBudget budget = new RateBudget(15);
        budget.take(T0);

        List<Integer> due = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            due.add(budget.take(T0.plusMillis(100L * i)));
        }

        assertThat(due).containsExactly(1, 2, 1, 2);
    }

    @Test
    void aLongPauseReleasesAtMostOneSecondsWorth() {
        RateBudget budget = new RateBudget(100);
        budget.take(T0);

        assertThat(budget.take(T0.plusSeconds(30))).isEqualTo(100);
    }

    @Test
    void aNewRateAppliesFromTheNextTick() {
        RateBudget budget = new RateBudget(100);
        budget.take(T0);
        budget.rate(1000);

        assertThat(budget.take(T0.plusMillis(100))).isEqualTo(100);
        assertThat(budget.rate()).isEqualTo(1000);
    }

    @Test
    void restartForgetsTheTimeSpentStopped() {
        RateBudget budget = new RateBudget(100);
        budget.take(T0);
        budget.restart();

        assertThat(budget.take(T0.plusMillis(500))).isZero();
        assertThat(budget.take(T0.plusMillis(600))).isEqualTo(10);
    }

    @Test
    void aRateMustBePositiveAndFinite() {
        assertThatThrownBy(() -> new RateBudget(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateBudget(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateBudget(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateBudget(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }
}
