package dev.voltstream.kit.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.voltstream.contracts.BalanceChanged;
import dev.voltstream.contracts.Event;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.kit.events.EventCodec;
import dev.voltstream.testkit.KafkaBatchFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one consumer policy, on batches shaped exactly like the Kafka connector's: what is applied, what is
 * dead-lettered (with which reason) and skipped, and that the batch's offsets are committed only after the commit.
 */
class BatchConsumerTest {
    private static final String TOPIC = "account-updates";
    private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ConsumerMetrics metrics = new ConsumerMetrics(new SimpleMeterRegistry());
    private final List<Event> applied = new ArrayList<>();
    private final EventRoutes routes = EventRoutes.on(TOPIC)
            .handle(EventTypes.BALANCE_CHANGED, BalanceChanged.class, changed -> {
                if (changed.accountId() == null) {
                    throw new PoisonRecordException("BalanceChanged without accountId");
                }
            });

    private BatchConsumer consumer(int maxAttempts) {
        return new BatchConsumer(new EventCodec(mapper), new RetryPolicy(config(maxAttempts)), metrics);
    }

    @Test
    void aRecordWithoutCeTypeIsDeadLetteredWithItsReasonAndItsOffsetCommitted() {
        KafkaBatchFixture kafka = new KafkaBatchFixture(TOPIC)
                .add("acc-1", EventTypes.BALANCE_CHANGED, balanceChanged("e-1", "acc-1"))
                .add("acc-1", null, balanceChanged("e-2", "acc-1"));

        CompletionStage<Void> settled = consume(consumer(1), kafka);

        assertThat(settled).isCompleted();
        assertThat(applied).extracting(Event::eventId).containsExactly("e-1");
        assertThat(kafka.nacked).containsOnlyKeys(1L);
        assertThat(kafka.nacked.get(1L)).isInstanceOf(PoisonRecordException.class)
                .hasMessage("record has no ce_type header");
        assertThat(kafka.acked).contains(1L);
        assertThat(metrics.deadLetteredCount(TOPIC, "missing-type")).isEqualTo(1);
    }

    @Test
    void aBatchOfOnlyARecordWithoutCeTypeIsDeadLetteredAndCommittedWithoutATransaction() {
        KafkaBatchFixture kafka = new KafkaBatchFixture(TOPIC).add("acc-1", null, "{}");

        CompletionStage<Void> settled = consume(consumer(1), kafka);

        assertThat(settled).isCompleted();
        assertThat(applied).isEmpty();
        assertThat(kafka.nacked.get(0L)).hasMessage("record has no ce_type header");
        assertThat(kafka.acked).contains(0L);
    }

    @Test
    void anUnknownTypeIsDeadLetteredAndCounted() {
        KafkaBatchFixture kafka = new KafkaBatchFixture(TOPIC).add("acc-1", "com.example.Unheard", "{}");

        consume(consumer(1), kafka);

        assertThat(kafka.nacked.get(0L)).isInstanceOf(PoisonRecordException.class)
                .hasMessage("unknown ce_type com.example.Unheard");
        assertThat(kafka.acked).contains(0L);
        assertThat(metrics.deadLetteredCount(TOPIC, "unknown-type")).isEqualTo(1);
    }

    @Test
    void aKnownTypeTheConsumerDoesNotHandleIsSkippedNotDeadLettered() {
        KafkaBatchFixture kafka = new KafkaBatchFixture(TOPIC).add("st-1", EventTypes.SESSION_STARTED, "{}");

        consume(consumer(1), kafka);

        assertThat(kafka.nacked).isEmpty();
        assertThat(kafka.acked).contains(0L);
        assertThat(metrics.skippedCount(TOPIC)).isEqualTo(1);
    }

    @Test
    void unreadableAndInvalidRecordsAreDeadLetteredAloneAndTheRestApplied() {
        KafkaBatchFixture kafka = new KafkaBatchFixture(TOPIC)
                .add("acc-1", EventTypes.BALANCE_CHANGED, "{not json")
                .add("acc-1", EventTypes.BALANCE_CHANGED, balanceChanged("e-2", null))
                .add("acc-1", EventTypes.BALANCE_CHANGED, balanceChanged("e-3", "acc-1"));

        consume(consumer(1), kafka);

        assertThat(applied).extracting(Event::eventId).containsExactly("e-3");
        assertThat(kafka.nacked.get(0L)).hasMessageStartingWith("not a valid BalanceChanged");
        assertThat(kafka.nacked.get(1L)).hasMessage("BalanceChanged without accountId");
        assertThat(kafka.acked).contains(2L);
        assertThat(metrics.deadLetteredCount(TOPIC, "poison")).isEqualTo(2);
    }

    @Test
    void aTransactionThatFailsOnceIsRetried() {
        AtomicInteger attempts = new AtomicInteger();
        KafkaBatchFixture kafka = new KafkaBatchFixture(TOPIC)
                .add("acc-1", EventTypes.BALANCE_CHANGED, balanceChanged("e-1", "acc-1"));

        CompletionStage<Void> settled = consumer(3).consume(kafka.batch(), routes, events -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("connection lost");
            }
            return applied.addAll(events);
        }, result -> {
        });

        assertThat(settled).isCompleted();
        assertThat(attempts).hasValue(2);
        assertThat(applied).hasSize(1);
        assertThat(kafka.acked).contains(0L);
    }

    @Test
    void aTransactionThatKeepsFailingLeavesTheBatchUncommittedAndNothingDeadLettered() {
        KafkaBatchFixture kafka = new KafkaBatchFixture(TOPIC)
                .add("acc-1", EventTypes.BALANCE_CHANGED, balanceChanged("e-1", "acc-1"))
                .add("acc-1", null, "{}");

        CompletionStage<Void> settled = consumer(2).consume(kafka.batch(), routes, events -> {
            throw new IllegalStateException("database away");
        }, result -> {
        });

        assertThat(settled).isNotDone();
        assertThat(kafka.acked).isEmpty();
        assertThat(kafka.nacked).isEmpty();
    }

    private CompletionStage<Void> consume(BatchConsumer consumer, KafkaBatchFixture kafka) {
        return consumer.consume(kafka.batch(), routes, applied::addAll, result -> {
        });
    }

    private String balanceChanged(String eventId, String accountId) {
        try {
            return mapper.writeValueAsString(new BalanceChanged(eventId, accountId, new BigDecimal("-1.00"),
                    new BigDecimal("99.00"), "EUR", "TRANSACTION", "tx-" + eventId, Instant.parse("2026-01-01T00:00:00Z")));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConsumerConfig config(int maxAttempts) {
        return new ConsumerConfig() {
            @Override
            public int maxAttempts() {
                return maxAttempts;
            }

            @Override
            public Duration backoff() {
                return Duration.ofMillis(1);
            }

            @Override
            public Duration maxBackoff() {
                return Duration.ofMillis(1);
            }
        };
    }
}
