package dev.voltstream.fraud.messaging;

import dev.voltstream.contracts.Transaction;
import dev.voltstream.kit.consumer.PoisonRecordException;
import dev.voltstream.kit.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;

/** Parses and validates a Transaction record value; anything unusable is a {@link PoisonRecordException}. */
@ApplicationScoped
public class TransactionReader {
    private final EventCodec codec;

    public TransactionReader(EventCodec codec) {
        this.codec = codec;
    }

    /** The transaction of a record value, validated. */
    public Transaction read(String json) {
        Transaction tx = codec.read(json, Transaction.class);
        validate(tx);
        return tx;
    }

    /** Throws {@link PoisonRecordException} for a transaction fraud-service cannot decide. */
    public static void validate(Transaction tx) {
        require(tx.eventId(), "eventId");
        require(tx.transactionId(), "transactionId");
        require(tx.accountId(), "accountId");
        require(tx.type(), "type");
        require(tx.amount(), "amount");
        require(tx.currency(), "currency");
        require(tx.occurredAt(), "occurredAt");
        if (tx.amount().compareTo(BigDecimal.ZERO) <= 0) {
            throw new PoisonRecordException("amount must be positive, was " + tx.amount().toPlainString());
        }
    }

    private static void require(Object value, String field) {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw new PoisonRecordException("Transaction without " + field);
        }
    }
}
