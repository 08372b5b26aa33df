package dev.voltstream.e2e;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.FraudAlert;
import dev.voltstream.contracts.InvoiceIssued;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.Topics;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.testkit.EventJson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events on the topics the invariants talk about, read to their end after the pipeline drained. Records are kept
 * as written, duplicates included (a killed relay may publish a row twice; the ids make that recognisable).
 */
record TopicSnapshot(List<Transaction> transactions, List<TransactionVerdict> verdicts, List<FraudAlert> alerts,
                     List<SessionCompleted> completedSessions, List<InvoiceIssued> invoices,
                     Map<String, Integer> deadLetters) {

    private static final List<String> MAIN_TOPICS = List.of(Topics.STATION_STATUS, Topics.STATION_METRICS,
            Topics.CHARGING_SESSIONS, Topics.TRANSACTIONS, Topics.TRANSACTION_VERDICTS, Topics.FRAUD_ALERTS,
            Topics.ACCOUNT_UPDATES, Topics.INVOICES);

    static TopicSnapshot read(String bootstrapServers) {
        try (TopicReader reader = new TopicReader(bootstrapServers)) {
            Map<String, Integer> deadLetters = new LinkedHashMap<>();
            for (String topic : MAIN_TOPICS) {
                deadLetters.put(Topics.deadLetter(topic), reader.readAll(Topics.deadLetter(topic)).size());
            }
            return new TopicSnapshot(
                    typed(reader.readAll(Topics.TRANSACTIONS), EventTypes.TRANSACTION, Transaction.class),
                    typed(reader.readAll(Topics.TRANSACTION_VERDICTS), EventTypes.TRANSACTION_VERDICT,
                            TransactionVerdict.class),
                    typed(reader.readAll(Topics.FRAUD_ALERTS), EventTypes.FRAUD_ALERT, FraudAlert.class),
                    typed(reader.readAll(Topics.CHARGING_SESSIONS), EventTypes.SESSION_COMPLETED,
                            SessionCompleted.class),
                    typed(reader.readAll(Topics.INVOICES), EventTypes.INVOICE_ISSUED, InvoiceIssued.class),
                    deadLetters);
        }
    }

    /** The records of one CloudEvents type, parsed; a record without a ce_type header is a contract violation. */
    private static <T> List<T> typed(List<TopicReader.CloudEvent> events, String type, Class<T> cls) {
        events.stream().filter(e -> e.type() == null).findFirst().ifPresent(e -> {
            throw new AssertionError("record without ce_type header on " + e.topic() + ": " + e.json());
        });
        return events.stream().filter(e -> type.equals(e.type())).map(e -> EventJson.read(e.json(), cls)).toList();
    }
}
