package dev.voltstream.billing.messaging;

import dev.voltstream.billing.InMemoryChannels;
import dev.voltstream.billing.SinkMessages;
import dev.voltstream.billing.TestEvents;
import dev.voltstream.billing.TrackedBatch;
import dev.voltstream.billing.TrackedMessage;
import dev.voltstream.kit.consumer.PoisonRecordException;
import dev.voltstream.billing.domain.Account;
import dev.voltstream.billing.domain.LedgerEntry;
import dev.voltstream.billing.service.ConsistencyCheck;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;
import dev.voltstream.testkit.EventJson;
import dev.voltstream.kit.db.OutboxRelay;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(InMemoryChannels.class)
class PaymentPostingTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    ConsistencyCheck consistency;

    @Test
    void anApprovedPaymentIsPostedDoubleEntryAndAnnounced() {
        String accountId = TestEvents.unique("acc");
        Transaction tx = TestEvents.cardPayment(TestEvents.unique("tx"), accountId, "42.50");

        await().atMost(WAIT).until(send(TestEvents.verdict(tx, Verdict.APPROVED))::isAcked);

        assertThat(balance(accountId)).isEqualByComparingTo("4957.50");
        List<LedgerEntry> posting = QuarkusTransaction.requiringNew()
                .call(() -> LedgerEntry.<LedgerEntry>list("postingId", "tx:" + tx.transactionId()));
        assertThat(posting).extracting(e -> e.accountId, e -> e.amount)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(accountId, new BigDecimal("-42.50")),
                        org.assertj.core.groups.Tuple.tuple("platform", new BigDecimal("42.50")));
        InMemorySink<String> updates = connector.sink(OutboxRelay.CHANNEL);
        await().atMost(WAIT).until(() -> SinkMessages.withEventId(updates, "balance-" + tx.transactionId()).size() == 1);
        var announced = SinkMessages.withEventId(updates, "balance-" + tx.transactionId()).get(0);
        assertThat(SinkMessages.key(announced)).isEqualTo(accountId);
        assertThat(announced.getPayload()).contains("\"delta\":-42.50", "\"newBalance\":4957.50",
                "\"cause\":\"TRANSACTION\"", "\"causeId\":\"" + tx.transactionId() + "\"");
    }

    @Test
    void theSameVerdictDeliveredTwiceChangesTheBalanceOnce() {
        String accountId = TestEvents.unique("acc");
        TransactionVerdict verdict = TestEvents.verdict(TestEvents.cardPayment(TestEvents.unique("tx"), accountId, "10.00"),
                Verdict.APPROVED);

        TrackedMessage first = send(verdict);
        TrackedMessage redelivery = send(verdict);

        await().atMost(WAIT).until(() -> first.isAcked() && redelivery.isAcked());
        assertThat(balance(accountId)).isEqualByComparingTo("4990.00");
        assertThat(entriesOf(accountId)).isEqualTo(2); // OPENING + one debit
    }

    @Test
    void aSecondVerdictEventForTheSameTransactionDoesNotPayTwice() {
        String accountId = TestEvents.unique("acc");
        TransactionVerdict verdict = TestEvents.verdict(TestEvents.cardPayment(TestEvents.unique("tx"), accountId, "10.00"),
                Verdict.APPROVED);
        TransactionVerdict reEmitted = new TransactionVerdict(verdict.eventId() + "-again", verdict.transactionId(),
                accountId, Verdict.APPROVED, List.of(), verdict.transaction(), Instant.now());

        await().atMost(WAIT).until(send(verdict)::isAcked);
        await().atMost(WAIT).until(send(reEmitted)::isAcked);

        assertThat(balance(accountId)).isEqualByComparingTo("4990.00");
    }

    @Test
    void aDeclinedVerdictChangesNothing() {
        String accountId = TestEvents.unique("acc");
        Transaction tx = TestEvents.cardPayment(TestEvents.unique("tx"), accountId, "99.00");

        await().atMost(WAIT).until(send(TestEvents.verdict(tx, Verdict.DECLINED))::isAcked);

        assertThat(QuarkusTransaction.requiringNew().call(() -> Account.byId(accountId))).isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(() -> LedgerEntry.postingExists("tx:" + tx.transactionId())))
                .isFalse();
    }

    @Test
    void paymentsOfOneAccountAddUpAndTheBalanceMatchesItsLedger() {
        String accountId = TestEvents.unique("acc");
        List<TrackedMessage> sent = List.of("1.10", "2.20", "3.30").stream()
                .map(amount -> TestEvents.cardPayment(TestEvents.unique("tx"), accountId, amount))
                .map(tx -> send(TestEvents.verdict(tx, Verdict.APPROVED)))
                .toList();

        await().atMost(WAIT).until(() -> sent.stream().allMatch(TrackedMessage::isAcked));

        assertThat(balance(accountId)).isEqualByComparingTo("4993.40");
        BigDecimal ledgerSum = QuarkusTransaction.requiringNew().call(() -> LedgerEntry.<LedgerEntry>list("accountId", accountId)
                .stream().map(e -> e.amount).reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(ledgerSum).isEqualByComparingTo(balance(accountId));
    }

    @Test
    void verdictsOfOneAccountInOneBatchSeeEachOtherAsIfOneByOne() {
        String accountId = TestEvents.unique("acc");
        List<Transaction> txs = List.of("1.10", "2.20", "3.30").stream()
                .map(amount -> TestEvents.cardPayment(TestEvents.unique("tx"), accountId, amount)).toList();

        TrackedBatch batch = sendBatch(txs.stream().map(tx -> tracked(TestEvents.verdict(tx, Verdict.APPROVED)))
                .toArray(TrackedMessage[]::new));

        await().atMost(WAIT).until(batch::isAcked);
        assertThat(balance(accountId)).isEqualByComparingTo("4993.40");
        InMemorySink<String> updates = connector.sink(OutboxRelay.CHANNEL);
        List<String> expected = List.of("4998.90", "4996.70", "4993.40");
        for (int i = 0; i < txs.size(); i++) {
            String eventId = "balance-" + txs.get(i).transactionId();
            await().atMost(WAIT).until(() -> SinkMessages.withEventId(updates, eventId).size() == 1);
            assertThat(SinkMessages.withEventId(updates, eventId).get(0).getPayload())
                    .contains("\"newBalance\":" + expected.get(i));
        }
        // one CREDIT line on the platform per posting, though its balance is updated once for the batch
        for (Transaction tx : txs) {
            assertThat(QuarkusTransaction.requiringNew().call(() -> LedgerEntry.count(
                    "postingId = ?1 and accountId = ?2", "tx:" + tx.transactionId(), "platform"))).isOne();
        }
        assertThat(consistency.run().consistent()).isTrue();
    }

    @Test
    void theSameVerdictTwiceAndAReEmittedVerdictInsideOneBatchPayOnce() {
        String accountId = TestEvents.unique("acc");
        TransactionVerdict verdict = TestEvents.verdict(TestEvents.cardPayment(TestEvents.unique("tx"), accountId, "10.00"),
                Verdict.APPROVED);
        TransactionVerdict reEmitted = new TransactionVerdict(verdict.eventId() + "-again", verdict.transactionId(),
                accountId, Verdict.APPROVED, List.of(), verdict.transaction(), Instant.now());

        TrackedBatch batch = sendBatch(tracked(verdict), tracked(verdict), tracked(reEmitted));

        await().atMost(WAIT).until(batch::isAcked);
        assertThat(balance(accountId)).isEqualByComparingTo("4990.00");
        assertThat(entriesOf(accountId)).isEqualTo(2); // OPENING + one debit
        assertThat(consistency.run().consistent()).isTrue();
    }

    @Test
    void poisonRecordsInABatchAreNackedAloneAndTheRestIsApplied() {
        String accountId = TestEvents.unique("acc");
        TransactionVerdict first = TestEvents.verdict(TestEvents.cardPayment(TestEvents.unique("tx"), accountId, "5.00"),
                Verdict.APPROVED);
        TransactionVerdict declined = TestEvents.verdict(TestEvents.cardPayment(TestEvents.unique("tx"), accountId, "7.00"),
                Verdict.DECLINED);
        TransactionVerdict second = TestEvents.verdict(TestEvents.cardPayment(TestEvents.unique("tx"), accountId, "6.00"),
                Verdict.APPROVED);
        TrackedMessage unreadable = TrackedMessage.cloudEvent(EventTypes.TRANSACTION_VERDICT, "bad-v", "{not json");
        TrackedMessage orphan = tracked(new TransactionVerdict("verdict-orphan-b", "orphan-b", accountId,
                Verdict.APPROVED, null, null, Instant.now()));
        TrackedMessage ok1 = tracked(first);
        TrackedMessage ok2 = tracked(declined);
        TrackedMessage ok3 = tracked(second);

        TrackedBatch batch = sendBatch(ok1, unreadable, ok2, orphan, ok3);

        await().atMost(WAIT).until(batch::isAcked);
        assertThat(unreadable.isNacked()).isTrue();
        assertThat(unreadable.nackReason()).isInstanceOf(PoisonRecordException.class);
        assertThat(orphan.nackReason()).hasMessageContaining("carries no transaction");
        assertThat(List.of(ok1, ok2, ok3)).allMatch(m -> m.isAcked() && !m.isNacked());
        assertThat(balance(accountId)).isEqualByComparingTo("4989.00");
    }

    private TrackedMessage send(TransactionVerdict verdict) {
        TrackedMessage message = tracked(verdict);
        sendBatch(message);
        return message;
    }

    private TrackedBatch sendBatch(TrackedMessage... messages) {
        return TrackedBatch.send(connector.source(Channels.TRANSACTION_VERDICTS_IN), messages);
    }

    private static TrackedMessage tracked(TransactionVerdict verdict) {
        return TrackedMessage.cloudEvent(EventTypes.TRANSACTION_VERDICT, verdict.eventId(), EventJson.write(verdict));
    }

    private static BigDecimal balance(String accountId) {
        Optional<Account> account = QuarkusTransaction.requiringNew().call(() -> Account.byId(accountId));
        return account.orElseThrow().balance;
    }

    private static long entriesOf(String accountId) {
        return QuarkusTransaction.requiringNew().call(() -> LedgerEntry.count("accountId", accountId));
    }
}
