package dev.voltstream.broker.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.testkit.ManualClock;

/** Long-poll fetches on a clock the test moves: they wake on enough appended bytes, or when max.wait.ms is up. */
class FetchPurgatoryTest {
    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);
    private static final TopicPartition PAYMENTS = new TopicPartition("payments", 0);

    final ManualClock clock = new ManualClock(0);
    final FetchPurgatory purgatory = new FetchPurgatory(clock.scheduler());

    @Test
    void aFetchWakesOnceItsPartitionsGotEnoughBytes() {
        CompletableFuture<Void> fetch = purgatory.await(List.of(ORDERS, PAYMENTS), 500, 100, () -> false);
        purgatory.onAppend(ORDERS, 60);
        assertThat(fetch).isNotDone();
        purgatory.onAppend(PAYMENTS, 40);
        assertThat(fetch).isDone();
        assertThat(purgatory.waiting()).isZero();
        assertThat(clock.pendingTimers()).as("its timeout is cancelled").isZero();
    }

    @Test
    void appendsToOtherPartitionsDoNotWakeAFetch() {
        CompletableFuture<Void> fetch = purgatory.await(List.of(ORDERS), 500, 1, () -> false);
        purgatory.onAppend(PAYMENTS, 1_000);
        assertThat(fetch).isNotDone();
        assertThat(purgatory.waiting()).isEqualTo(1);
    }

    @Test
    void aFetchWakesWhenItsMaxWaitIsUp() {
        CompletableFuture<Void> fetch = purgatory.await(List.of(ORDERS), 500, 100, () -> false);
        clock.advance(499);
        assertThat(fetch).isNotDone();
        clock.advance(1);
        assertThat(fetch).isDone();
        assertThat(purgatory.waiting()).isZero();
    }

    @Test
    void dataThatArrivedBeforeTheFetchRegisteredWakesItAtOnce() {
        CompletableFuture<Void> fetch = purgatory.await(List.of(ORDERS), 500, 100, () -> true);
        assertThat(fetch).isDone();
        assertThat(purgatory.waiting()).isZero();
    }

    @Test
    void aFetchAskingForNoBytesStillWaitsForOne() {
        CompletableFuture<Void> fetch = purgatory.await(List.of(ORDERS), 500, 0, () -> false);
        assertThat(fetch).isNotDone();
        purgatory.onAppend(ORDERS, 1);
        assertThat(fetch).isDone();
    }
}
