package dev.voltstream.fraud.service;

import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.fraud.rules.Decision;
import dev.voltstream.fraud.rules.RuleHit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Turns a decision into the events that announce it. Event ids are derived from the transaction id only
 * ({@code verdict-<transactionId>}, {@code alert-<transactionId>-<RULE>}), so a re-publish is a recognisable duplicate.
 */
public final class VerdictAssembler {
    private final Clock clock;

    public VerdictAssembler(Clock clock) {
        this.clock = clock;
    }

    public static String verdictEventId(String transactionId) {
        return "verdict-" + transactionId;
    }

    public static String alertId(String transactionId, String rule) {
        return transactionId + ":" + rule;
    }

    /** The verdict event, stamped with the decision time. */
    public TransactionVerdict verdict(Transaction tx, Decision decision) {
        return new TransactionVerdict(verdictEventId(tx.transactionId()), tx.transactionId(), tx.accountId(),
                decision.verdict(), decision.reasons(), tx, Instant.now(clock));
    }

    /** One alert per fired fraud rule (compliance hits are verdict reasons only). */
    public List<FraudAlert> alerts(Transaction tx, Decision decision) {
        Instant now = Instant.now(clock);
        return decision.fraudHits().stream().map(hit -> alert(tx, hit, now)).toList();
    }

    private static FraudAlert alert(Transaction tx, RuleHit hit, Instant now) {
        return new FraudAlert("alert-" + tx.transactionId() + "-" + hit.rule(), alertId(tx.transactionId(), hit.rule()),
                tx.transactionId(), tx.accountId(), hit.rule(), hit.severity().name(), hit.detail(), now);
    }
}
