package dev.voltstream.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voltstream.billing.domain.Account;
import dev.voltstream.billing.domain.LedgerEntry;
import dev.voltstream.billing.messaging.Channels;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.testkit.EventSamples;
import dev.voltstream.testkit.EventSchemas;
import dev.voltstream.contracts.Topics;
import dev.voltstream.kit.db.OutboxRelay;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both sides of the event contracts: billing reads event-contracts' golden samples, and what billing emits validates
 * against the JSON Schemas.
 */
@QuarkusTest
@TestProfile(InMemoryChannels.class)
class ContractTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ObjectMapper mapper;

    @Test
    void theServiceMapperReadsEveryGoldenSampleBillingConsumes() throws Exception {
        for (Class<?> type : new Class<?>[] {SessionCompleted.class, TransactionVerdict.class}) {
            assertThat(mapper.readValue(EventSamples.json(type.getSimpleName()), type))
                    .isEqualTo(EventSamples.read(type));
        }
    }

    @Test
    void theGoldenSessionIsInvoicedExactlyAsTheGoldenInvoice() {
        SessionCompleted golden = EventSamples.read(SessionCompleted.class);
        InvoiceIssued expected = EventSamples.read(InvoiceIssued.class);

        settle(Channels.CHARGING_SESSIONS_IN, EventTypes.SESSION_COMPLETED, golden.eventId(),
                EventSamples.json("SessionCompleted"));

        String invoiceJson = emitted(Topics.INVOICES, expected.eventId()).getPayload();
        EventSchemas.assertValid("InvoiceIssued", invoiceJson);
        InvoiceIssued issued = EventJson.read(invoiceJson, InvoiceIssued.class);
        assertThat(issued).usingRecursiveComparison().ignoringFields("occurredAt")
                .withComparatorForType(java.math.BigDecimal::compareTo, java.math.BigDecimal.class)
                .isEqualTo(expected);
        String paymentJson = emitted(Topics.TRANSACTIONS, "chg-" + expected.invoiceId()).getPayload();
        EventSchemas.assertValid("Transaction", paymentJson);
    }

    @Test
    void theGoldenDeclinedVerdictChangesNoBalance() {
        TransactionVerdict golden = EventSamples.read(TransactionVerdict.class);
        assertThat(golden.verdict()).isEqualTo(Verdict.DECLINED);

        settle(Channels.TRANSACTION_VERDICTS_IN, EventTypes.TRANSACTION_VERDICT, golden.eventId(),
                EventSamples.json("TransactionVerdict"));

        // the account may have been opened by another golden test; either way no payment was taken from it
        assertThat(QuarkusTransaction.requiringNew().call(() -> LedgerEntry.postingExists("tx:" + golden.transactionId())))
                .isFalse();
        QuarkusTransaction.requiringNew().run(() -> Account.byId(golden.accountId())
                .ifPresent(account -> assertThat(account.balance).isEqualByComparingTo("5000.00")));
    }

    @Test
    void balanceChangedValidatesAgainstItsSchema() {
        String accountId = TestEvents.unique("acc");
        TransactionVerdict verdict = TestEvents.verdict(TestEvents.cardPayment(TestEvents.unique("tx"), accountId, "1000.00"),
                Verdict.APPROVED);

        settle(Channels.TRANSACTION_VERDICTS_IN, EventTypes.TRANSACTION_VERDICT, verdict.eventId(),
                EventJson.write(verdict));

        String json = emitted(Topics.ACCOUNT_UPDATES, "balance-" + verdict.transactionId()).getPayload();
        EventSchemas.assertValid("BalanceChanged", json);
        assertThat(json).contains("\"delta\":-1000.00", "\"newBalance\":4000.00");
    }

    /** The message the outbox relay sent with {@code eventId}, which must be going to {@code topic}. */
    private Message<String> emitted(String topic, String eventId) {
        InMemorySink<String> sink = connector.sink(OutboxRelay.CHANNEL);
        await().atMost(WAIT).until(() -> !SinkMessages.withEventId(sink, eventId).isEmpty());
        Message<String> message = SinkMessages.withEventId(sink, eventId).get(0);
        assertThat(SinkMessages.topic(message)).as("topic of %s", eventId).isEqualTo(topic);
        return message;
    }

    private void settle(String channel, String type, String id, String json) {
        TrackedMessage message = TrackedMessage.cloudEvent(type, id, json);
        if (Channels.TRANSACTION_VERDICTS_IN.equals(channel)) {
            TrackedBatch.send(connector.source(channel), message); // the verdicts channel consumes polled batches
        } else {
            connector.source(channel).send(message.message());
        }
        await().atMost(WAIT).until(message::isAcked);
    }
}
