package dev.voltstream.fraud.service;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.fraud.domain.AlertRecord;
import dev.voltstream.fraud.domain.DecisionStatements;
import dev.voltstream.fraud.domain.VerdictRecord;
import dev.voltstream.fraud.rules.AccountHistory;
import dev.voltstream.fraud.rules.Decision;
import dev.voltstream.fraud.rules.RuleEngine;
import dev.voltstream.fraud.rules.Thresholds;
import dev.voltstream.kit.db.Outbox;
import dev.voltstream.kit.db.OutboxEvent;
import dev.voltstream.kit.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides a batch of transactions, each exactly once, in one database transaction: the stored verdicts of the batch
 * (a redelivery changes nothing), the accounts' state (rows locked), then the rules per transaction in record order on
 * the in-memory state, so two transactions of one account in a batch see each other exactly as if decided one by one;
 * finally the new state, verdicts, alerts and outbox rows are written in JDBC batches ({@link DecisionStatements}:
 * no managed entities on this path). All of it commits or none of it.
 */
@ApplicationScoped
public class TransactionDecider {
    private static final Logger LOG = Logger.getLogger(TransactionDecider.class);

    private final RuleEngine engine;
    private final Thresholds thresholds;
    private final AccountHistoryStore histories;
    private final Outbox outbox;
    private final EventCodec codec;
    private final VerdictAssembler assembler;
    private final DecisionStatements statements;

    public TransactionDecider(RuleEngine engine, Thresholds thresholds, AccountHistoryStore histories,
                              Outbox outbox, EventCodec codec, Clock clock, DecisionStatements statements) {
        this.engine = engine;
        this.thresholds = thresholds;
        this.histories = histories;
        this.outbox = outbox;
        this.codec = codec;
        this.assembler = new VerdictAssembler(clock);
        this.statements = statements;
    }

    /** One outcome per transaction, in the order given. */
    @Transactional
    public List<Outcome> decideAll(List<Transaction> batch) {
        Set<String> ids = new LinkedHashSet<>();
        batch.forEach(tx -> ids.add(tx.transactionId()));
        Map<String, Outcome> decided = new HashMap<>();
        for (Map.Entry<String, String> stored : statements.storedVerdicts(ids).entrySet()) {
            // Already decided and already in the outbox (same commit): the relay guarantees it is published.
            decided.put(stored.getKey(),
                    new Outcome(codec.readStored(stored.getValue(), TransactionVerdict.class), true, List.of()));
        }
        Set<String> accounts = new TreeSet<>();
        for (Transaction tx : batch) {
            if (!decided.containsKey(tx.transactionId())) {
                accounts.add(tx.accountId());
            }
        }
        AccountBook book = histories.loadAll(accounts);
        Writes writes = new Writes();
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        for (Transaction tx : batch) {
            Outcome earlier = decided.get(tx.transactionId());
            if (earlier != null) {
                LOG.debugf("transaction %s redelivered; keeping verdict %s", tx.transactionId(),
                        earlier.verdict().verdict());
                outcomes.add(new Outcome(earlier.verdict(), true, List.of()));
                continue;
            }
            Outcome outcome = decide(tx, book, writes);
            decided.put(tx.transactionId(), outcome);
            outcomes.add(outcome);
        }
        histories.saveAll(book);
        statements.insertVerdicts(writes.verdicts);
        statements.insertAlerts(writes.alerts);
        outbox.write(writes.outbox);
        return outcomes;
    }

    private Outcome decide(Transaction tx, AccountBook book, Writes writes) {
        AccountHistory before = book.before(tx.accountId(), tx.occurredAt());
        Decision decision = engine.evaluate(tx, before);
        book.record(before.record(tx, decision.approved(), thresholds.velocityWindow(), thresholds.dayZone()), tx);

        TransactionVerdict verdict = assembler.verdict(tx, decision);
        OutboxEvent verdictRow = outbox.event(Topics.TRANSACTION_VERDICTS, tx.accountId(),
                EventTypes.TRANSACTION_VERDICT, verdict);
        writes.outbox.add(verdictRow);
        writes.verdicts.add(verdictRecord(verdict, verdictRow.payload()));
        List<String> alertRules = new ArrayList<>();
        for (FraudAlert alert : assembler.alerts(tx, decision)) {
            OutboxEvent alertRow = outbox.event(Topics.FRAUD_ALERTS, tx.accountId(), EventTypes.FRAUD_ALERT, alert);
            writes.outbox.add(alertRow);
            writes.alerts.add(alertRecord(alert, alertRow.payload()));
            alertRules.add(alert.rule());
        }
        LOG.debugf("transaction %s of %s: %s %s", tx.transactionId(), tx.accountId(), verdict.verdict(),
                verdict.reasons());
        return new Outcome(verdict, false, alertRules);
    }

    /** The rows a batch writes, grouped by table so each table gets one JDBC batch. */
    private static final class Writes {
        final List<VerdictRecord> verdicts = new ArrayList<>();
        final List<AlertRecord> alerts = new ArrayList<>();
        final List<OutboxEvent> outbox = new ArrayList<>();
    }

    private static VerdictRecord verdictRecord(TransactionVerdict verdict, String json) {
        VerdictRecord row = new VerdictRecord();
        row.transactionId = verdict.transactionId();
        row.eventId = verdict.eventId();
        row.accountId = verdict.accountId();
        row.verdict = verdict.verdict().name();
        row.reasons = String.join(",", verdict.reasons());
        row.payload = json;
        row.decidedAt = verdict.occurredAt();
        return row;
    }

    private static AlertRecord alertRecord(FraudAlert alert, String json) {
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
        return row;
    }
}
