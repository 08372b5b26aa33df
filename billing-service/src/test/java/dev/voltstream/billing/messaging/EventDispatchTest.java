package dev.voltstream.billing.messaging;

import dev.voltstream.billing.InMemoryChannels;
import dev.voltstream.billing.TestEvents;
import dev.voltstream.billing.TrackedBatch;
import dev.voltstream.billing.TrackedMessage;
import dev.voltstream.billing.domain.Invoice;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;
import dev.voltstream.kit.consumer.ConsumerMetrics;
import dev.voltstream.kit.consumer.PoisonRecordException;
import dev.voltstream.testkit.EventJson;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(InMemoryChannels.class)
class EventDispatchTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ConsumerMetrics consumerMetrics;

    @Test
    void anUnknownTypeIsCountedAndDeadLettered() {
        double before = unknownTypesDeadLettered(Topics.CHARGING_SESSIONS);
        TrackedMessage message = TrackedMessage.cloudEvent("com.example.Surprise", "x-1", "{\"hello\":1}");

        connector.source(Channels.CHARGING_SESSIONS_IN).send(message.message());

        await().atMost(WAIT).until(message::isNacked);
        assertThat(message.nackReason()).hasMessage("unknown ce_type com.example.Surprise");
        assertThat(unknownTypesDeadLettered(Topics.CHARGING_SESSIONS)).isEqualTo(before + 1);
    }

    @Test
    void aKnownTypeBillingDoesNotUseIsSkippedAndAcknowledged() {
        TrackedMessage message = TrackedMessage.cloudEvent(EventTypes.SESSION_STARTED, "started-1", "{}");

        connector.source(Channels.CHARGING_SESSIONS_IN).send(message.message());

        await().atMost(WAIT).until(message::isAcked);
        assertThat(message.isNacked()).isFalse();
    }

    @Test
    void anUnknownTypeInABatchOfVerdictsIsCountedAndDeadLettered() {
        double before = unknownTypesDeadLettered(Topics.TRANSACTION_VERDICTS);
        TrackedMessage message = TrackedMessage.cloudEvent("com.example.Surprise", "x-2", "{\"hello\":2}");

        TrackedBatch.send(connector.source(Channels.TRANSACTION_VERDICTS_IN), message);

        await().atMost(WAIT).until(message::isNacked);
        assertThat(message.nackReason()).hasMessage("unknown ce_type com.example.Surprise");
        assertThat(unknownTypesDeadLettered(Topics.TRANSACTION_VERDICTS)).isEqualTo(before + 1);
    }

    @Test
    void aRecordWithoutTypeIsDeadLettered() {
        TrackedMessage message = TrackedMessage.untyped("{}");

        TrackedBatch.send(connector.source(Channels.TRANSACTION_VERDICTS_IN), message);

        await().atMost(WAIT).until(message::isNacked);
        assertThat(message.nackReason()).hasMessageContaining("ce_type");
    }

    @Test
    void unreadableJsonIsDeadLettered() {
        TrackedMessage message = TrackedMessage.cloudEvent(EventTypes.SESSION_COMPLETED, "bad-1", "{not json");

        connector.source(Channels.CHARGING_SESSIONS_IN).send(message.message());

        await().atMost(WAIT).until(message::isNacked);
        assertThat(message.nackReason()).isInstanceOf(PoisonRecordException.class);
    }

    @Test
    void anImpossibleSessionIsDeadLetteredWithoutAnInvoice() {
        String sessionId = TestEvents.unique("ses");
        SessionCompleted negative = new SessionCompleted(sessionId + "-completed", sessionId, "st-001",
                TestEvents.unique("acc"), -5, 0, Instant.now(), Instant.now());
        TrackedMessage message = TrackedMessage.cloudEvent(EventTypes.SESSION_COMPLETED, negative.eventId(),
                EventJson.write(negative));

        connector.source(Channels.CHARGING_SESSIONS_IN).send(message.message());

        await().atMost(WAIT).until(message::isNacked);
        assertThat(message.nackReason()).hasMessageContaining("energyKwh");
        assertThat(QuarkusTransaction.requiringNew().call(() -> Invoice.count("sessionId", sessionId))).isZero();
    }

    @Test
    void aVerdictWithoutItsTransactionIsDeadLettered() {
        TransactionVerdict orphan = new TransactionVerdict("verdict-orphan", "orphan", TestEvents.unique("acc"),
                Verdict.APPROVED, null, null, Instant.now());
        TrackedMessage message = TrackedMessage.cloudEvent(EventTypes.TRANSACTION_VERDICT, orphan.eventId(),
                EventJson.write(orphan));

        TrackedBatch.send(connector.source(Channels.TRANSACTION_VERDICTS_IN), message);

        await().atMost(WAIT).until(message::isNacked);
        assertThat(message.nackReason()).hasMessageContaining("carries no transaction");
    }

    @Test
    void theConsumerKeepsGoingAfterAPoisonRecord() {
        TrackedMessage poison = TrackedMessage.cloudEvent(EventTypes.SESSION_COMPLETED, "bad-2", "[]");
        SessionCompleted good = TestEvents.sessionCompleted(TestEvents.unique("ses"), TestEvents.unique("acc"), 1, 0);
        TrackedMessage next = TrackedMessage.cloudEvent(EventTypes.SESSION_COMPLETED, good.eventId(),
                EventJson.write(good));

        connector.source(Channels.CHARGING_SESSIONS_IN).send(poison.message());
        connector.source(Channels.CHARGING_SESSIONS_IN).send(next.message());

        await().atMost(WAIT).until(() -> poison.isNacked() && next.isAcked());
        assertThat(QuarkusTransaction.requiringNew().call(() -> Invoice.count("sessionId", good.sessionId()))).isOne();
    }

    private double unknownTypesDeadLettered(String topic) {
        return consumerMetrics.deadLetteredCount(topic, "unknown-type");
    }
}
