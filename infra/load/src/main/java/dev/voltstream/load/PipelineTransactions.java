package dev.voltstream.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

import org.apache.kafka.clients.producer.ProducerRecord;

import dev.voltstream.contracts.EventTypes;
import dev.voltstream.contracts.Topics;

/**
 * The pipeline scenario's transactions, as the event contracts define them: a {@code Transaction} JSON value keyed
 * by account id, with CloudEvents binary-mode headers, on {@code transactions}. Transaction {@code seq} of a step
 * comes from terminal {@code seq % stations} and is paid by account {@code seq % accounts}; an account always pays at
 * its own terminal's location (no impossible travel) small amounts (5.00-34.99, below the anomaly and daily limits),
 * and {@link #accountsFor} makes the pool large enough that no account exceeds fraud-service's velocity rule. So
 * every transaction should be APPROVED and end in one BALANCE_CHANGED notification whose subject is its id.
 */
final class PipelineTransactions {
    /** Transactions per account per minute: fraud-service's velocity rule flags more than 5 in 60 s. */
    static final int PER_ACCOUNT_PER_MINUTE = 3;

    private final String prefix;
    private final int stations;
    private final int accounts;

    /**
     * @param prefix   unique per run and step; every transaction id and account id starts with it
     * @param stations simulated stations / payment terminals
     * @param accounts paying accounts (see {@link #accountsFor})
     */
    PipelineTransactions(String prefix, int stations, int accounts) {
        if (stations <= 0 || accounts <= 0) {
            throw new IllegalArgumentException("stations and accounts must be positive");
        }
        this.prefix = prefix;
        this.stations = stations;
        this.accounts = accounts;
    }

    /** The smallest account pool in which, round-robin at {@code rate}/s, no account pays more than 3 per minute. */
    static int accountsFor(double rate, int atLeast) {
        return Math.max(atLeast, (int) Math.ceil(rate * 60 / PER_ACCOUNT_PER_MINUTE));
    }

    /** Every transaction id of this step starts with this (a SQL LIKE pattern needs only a trailing %). */
    String transactionIdPrefix() {
        return prefix + "-tx-";
    }

    String transactionId(long seq) {
        return transactionIdPrefix() + seq;
    }

    /** The sequence number in a transaction id of this step, or -1 when it is not one. */
    long seqOf(String transactionId) {
        if (transactionId == null || !transactionId.startsWith(transactionIdPrefix())) {
            return -1;
        }
        try {
            return Long.parseLong(transactionId.substring(transactionIdPrefix().length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    String accountId(long seq) {
        return prefix + "-acc-" + (seq % accounts);
    }

    String terminalId(long seq) {
        return "term-" + (seq % accounts % stations);
    }

    /** The JSON of transaction {@code seq}, as the Transaction schema describes it. */
    String json(long seq, Instant occurredAt) {
        long terminal = seq % accounts % stations;
        double lat = 48.0 + (terminal % 100) * 0.05;
        double lon = 8.0 + (terminal / 100 % 100) * 0.05;
        String amount = String.format(Locale.ROOT, "%d.%02d", 5 + seq % 30, seq * 7 % 100);
        String id = transactionId(seq);
        return String.format(Locale.ROOT, "{\"eventId\":\"%s\",\"transactionId\":\"%s\",\"accountId\":\"%s\","
                        + "\"type\":\"CARD\",\"amount\":%s,\"currency\":\"EUR\",\"terminalId\":\"%s\","
                        + "\"location\":{\"lat\":%.6f,\"lon\":%.6f},\"invoiceId\":null,\"occurredAt\":\"%s\"}",
                id, id, accountId(seq), amount, terminalId(seq), lat, lon, occurredAt);
    }

    /** The record of transaction {@code seq}: key account id, value its JSON, CloudEvents binary-mode headers. */
    ProducerRecord<String, String> record(long seq, Instant occurredAt) {
        String id = transactionId(seq);
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.TRANSACTIONS, accountId(seq),
                json(seq, occurredAt));
        record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(id))
                .add("ce_source", bytes("/voltstream-load/" + terminalId(seq)))
                .add("ce_type", bytes(EventTypes.TRANSACTION)).add("ce_subject", bytes(accountId(seq)))
                .add("ce_time", bytes(occurredAt.toString())).add("content-type", bytes("application/json"));
        return record;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
