package dev.voltstream.fraud.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.fraud.domain.AlertRecord;
import dev.voltstream.fraud.domain.VerdictRecord;
import dev.voltstream.fraud.rules.AccountHistory;
import dev.voltstream.fraud.rules.Decision;
import dev.voltstream.fraud.rules.RuleEngine;
import dev.voltstream.fraud.rules.Thresholds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.time.Clock;

/**
 * Decides a transaction exactly once. In one database transaction: look for a stored verdict (a redelivery changes
 * nothing), else load the account's history, run the rules, store the new history, the verdict and the alerts, and put
 * the events in the outbox. Either all of it commits or none of it does.
 */
@ApplicationScoped
public class TransactionDecider {
    private static final Logger LOG = Logger.getLogger(TransactionDecider.class);

    private final RuleEngine engine;
    private final Thresholds thresholds;
    private final AccountHistoryStore histories;
    private final OutboxWriter outbox;
    private final EventCodec codec;
    private final VerdictAssembler assembler;
    private final FraudMetrics metrics;

    public TransactionDecider(RuleEngine engine, Thresholds thresholds, AccountHistoryStore histories,
                              OutboxWriter outbox, EventCodec codec, Clock clock, FraudMetrics metrics) {
        this.engine = engine;
        this.thresholds = thresholds;
        this.histories = histories;
        this.outbox = outbox;
        this.codec = codec;
        this.assembler = new VerdictAssembler(clock);
        this.metrics = metrics;
    }

    @Transactional
    public Outcome decide(Transaction tx) {
        VerdictRecord stored = VerdictRecord.findById(tx.transactionId());
        if (stored != null) {
            // Already decided and already in the outbox (same commit): the relay guarantees it is published.
            metrics.redelivered();
            LOG.debugf("transaction %s redelivered; keeping verdict %s", tx.transactionId(), stored.verdict);
            return new Outcome(parse(stored.payload), true);
        }
        AccountHistory before = histories.load(tx.accountId(), tx.occurredAt());
        Decision decision = engine.evaluate(tx, before);
        AccountHistory after = before.record(tx, decision.approved(), thresholds.velocityWindow(),
                thresholds.dayZone());
        histories.save(after, tx.transactionId(), tx.occurredAt());

        TransactionVerdict verdict = assembler.verdict(tx, decision);
        String verdictJson = outbox.add(Topics.TRANSACTION_VERDICTS, tx.accountId(), EventTypes.TRANSACTION_VERDICT,
                verdict);
        storeVerdict(verdict, verdictJson);
        for (FraudAlert alert : assembler.alerts(tx, decision)) {
            String alertJson = outbox.add(Topics.FRAUD_ALERTS, tx.accountId(), EventTypes.FRAUD_ALERT, alert);
            storeAlert(alert, alertJson);
            metrics.alert(alert.rule());
        }
        metrics.verdict(verdict.verdict().name());
        LOG.debugf("transaction %s of %s: %s %s", tx.transactionId(), tx.accountId(), verdict.verdict(),
                verdict.reasons());
        return new Outcome(verdict, false);
    }

    private static void storeVerdict(TransactionVerdict verdict, String json) {
        VerdictRecord row = new VerdictRecord();
        row.transactionId = verdict.transactionId();
        row.eventId = verdict.eventId();
        row.accountId = verdict.accountId();
        row.verdict = verdict.verdict().name();
        row.reasons = String.join(",", verdict.reasons());
        row.payload = json;
        row.decidedAt = verdict.occurredAt();
        row.persist();
    }

    private static void storeAlert(FraudAlert alert, String json) {
        AlertRecord row = new AlertRecord();
        row.alertId = alert.alertId();
        row.eventId = alert.eventId();
        row.transactionId = alert.transactionId();
        row.accountId = alert.accountId();
        row.rule = alert.rule();
        row.severity = alert.severity();
        row.detail = alert.detail();
        row.payload = json;
        row.occurredAt = alert.occurredAt();
        row.persist();
    }

    private TransactionVerdict parse(String json) {
        try {
            return codec.read(json, TransactionVerdict.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("stored verdict is not readable", e);
        }
    }
}
