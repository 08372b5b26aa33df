package dev.voltstream.billing.messaging;

import dev.voltstream.billing.InMemoryChannels;
import dev.voltstream.billing.SinkMessages;
import dev.voltstream.billing.TestEvents;
import dev.voltstream.billing.TrackedMessage;
import dev.voltstream.billing.domain.Invoice;
import dev.voltstream.billing.OutboxRows;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.SessionStarted;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.contracts.Topics;
import dev.voltstream.kit.db.OutboxRelay;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(InMemoryChannels.class)
class InvoicingTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    @Any
    InMemoryConnector connector;

    @Test
    void aCompletedSessionIsInvoicedAndPaymentRequestedThroughTheOutbox() {
        String accountId = TestEvents.unique("acc");
        SessionCompleted session = TestEvents.sessionCompleted(TestEvents.unique("ses"), accountId, 32.5, 12);

        TrackedMessage message = send(session);

        await().atMost(WAIT).until(message::isAcked);
        Invoice invoice = QuarkusTransaction.requiringNew().call(() -> Invoice.bySession(session.sessionId()).orElseThrow());
        assertThat(invoice.amount).isEqualByComparingTo("13.88");
        assertThat(invoice.platformCommission).isEqualByComparingTo("2.08");
        assertThat(invoice.transactionId).isEqualTo("chg-" + invoice.invoiceId);

        InMemorySink<String> invoices = connector.sink(OutboxRelay.CHANNEL);
        InMemorySink<String> transactions = connector.sink(OutboxRelay.CHANNEL);
        await().atMost(WAIT).until(() -> SinkMessages.withEventId(invoices, "invoice-" + invoice.invoiceId).size() == 1
                && SinkMessages.withEventId(transactions, invoice.transactionId).size() == 1);
        Message<String> payment = SinkMessages.withEventId(transactions, invoice.transactionId).get(0);
        assertThat(SinkMessages.topic(payment)).isEqualTo(Topics.TRANSACTIONS);
        assertThat(SinkMessages.topic(SinkMessages.withEventId(invoices, "invoice-" + invoice.invoiceId).get(0)))
                .isEqualTo(Topics.INVOICES);
        assertThat(SinkMessages.key(payment)).isEqualTo(accountId);
        assertThat(SinkMessages.cloudEvent(payment).orElseThrow().getType()).isEqualTo(EventTypes.TRANSACTION);
        assertThat(payment.getPayload()).contains("\"type\":\"CHARGING\"", "\"amount\":13.88",
                "\"invoiceId\":\"" + invoice.invoiceId + "\"");
    }

    @Test
    void outboxRowsAreDeletedOnceSent() {
        SessionCompleted session = TestEvents.sessionCompleted(TestEvents.unique("ses"), TestEvents.unique("acc"), 5, 0);

        await().atMost(WAIT).until(send(session)::isAcked);

        String invoiceEventId = "invoice-inv-" + session.sessionId();
        await().atMost(WAIT).until(() -> outboxRows(invoiceEventId) == 0);
        assertThat(SinkMessages.withEventId(connector.sink(OutboxRelay.CHANNEL), invoiceEventId)).hasSize(1);
    }

    @Test
    void theSameSessionCompletedTwiceGivesOneInvoice() {
        SessionCompleted session = TestEvents.sessionCompleted(TestEvents.unique("ses"), TestEvents.unique("acc"), 10, 3);

        TrackedMessage first = send(session);
        TrackedMessage redelivery = send(session);

        await().atMost(WAIT).until(() -> first.isAcked() && redelivery.isAcked());
        assertThat(invoicesOfSession(session.sessionId())).isEqualTo(1);
        String invoiceEventId = "invoice-inv-" + session.sessionId();
        await().atMost(WAIT).until(() -> outboxRows(invoiceEventId) == 0);
        assertThat(SinkMessages.withEventId(connector.sink(OutboxRelay.CHANNEL), invoiceEventId)).hasSize(1);
    }

    @Test
    void aSecondCompletionEventForAnInvoicedSessionChangesNothing() {
        SessionCompleted session = TestEvents.sessionCompleted(TestEvents.unique("ses"), TestEvents.unique("acc"), 10, 3);
        SessionCompleted again = new SessionCompleted(session.eventId() + "-again", session.sessionId(),
                session.stationId(), session.accountId(), 99, 99, session.startedAt(), session.occurredAt());

        await().atMost(WAIT).until(send(session)::isAcked);
        await().atMost(WAIT).until(send(again)::isAcked);

        Invoice invoice = QuarkusTransaction.requiringNew().call(() -> Invoice.bySession(session.sessionId()).orElseThrow());
        assertThat(invoicesOfSession(session.sessionId())).isEqualTo(1);
        assertThat(invoice.energyKwh).isEqualTo(10.0);
    }

    @Test
    void aFreeSessionIsInvoicedWithoutAPayment() {
        SessionCompleted session = TestEvents.sessionCompleted(TestEvents.unique("ses"), TestEvents.unique("acc"), 0, 0);

        await().atMost(WAIT).until(send(session)::isAcked);

        Invoice invoice = QuarkusTransaction.requiringNew().call(() -> Invoice.bySession(session.sessionId()).orElseThrow());
        assertThat(invoice.amount).isEqualByComparingTo("0.00");
        assertThat(invoice.transactionId).isNull();
        await().atMost(WAIT).until(() -> OutboxRows.where("record_key", session.accountId()) == 0);
        // everything the outbox had for the account is published: the invoice, and no payment
        assertThat(SinkMessages.withEventId(connector.sink(OutboxRelay.CHANNEL), "invoice-" + invoice.invoiceId))
                .hasSize(1);
        assertThat(SinkMessages.onTopic(connector.sink(OutboxRelay.CHANNEL), Topics.TRANSACTIONS))
                .noneMatch(m -> session.accountId().equals(SinkMessages.key(m)));
    }

    @Test
    void sessionStartedIsAcknowledgedWithoutEffect() {
        String sessionId = TestEvents.unique("ses");
        SessionStarted started = new SessionStarted(sessionId + "-started", sessionId, "st-001", TestEvents.unique("acc"),
                Instant.now());
        TrackedMessage message = TrackedMessage.cloudEvent(EventTypes.SESSION_STARTED, started.eventId(),
                EventJson.write(started));

        source().send(message.message());

        await().atMost(WAIT).until(message::isAcked);
        assertThat(invoicesOfSession(sessionId)).isZero();
    }

    private TrackedMessage send(SessionCompleted session) {
        TrackedMessage message = TrackedMessage.cloudEvent(EventTypes.SESSION_COMPLETED, session.eventId(),
                EventJson.write(session));
        source().send(message.message());
        return message;
    }

    private InMemorySource<Message<String>> source() {
        return connector.source(Channels.CHARGING_SESSIONS_IN);
    }

    private static long invoicesOfSession(String sessionId) {
        return QuarkusTransaction.requiringNew().call(() -> Invoice.count("sessionId", sessionId));
    }

    /** Outbox rows of the event still waiting to be published. */
    private static long outboxRows(String eventId) {
        return OutboxRows.where("event_id", eventId);
    }
}
