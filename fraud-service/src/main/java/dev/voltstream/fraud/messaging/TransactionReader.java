package dev.voltstream.fraud.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.fraud.service.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;

/** Parses and validates a Transaction record value; anything unusable is a {@link PoisonRecordException}. */
@ApplicationScoped
public class TransactionReader {
    private final EventCodec codec;

    public TransactionReader(EventCodec codec) {
        this.codec = codec;
    }

    public Transaction read(String json) {
        if (json == null || json.isBlank()) {
            throw new PoisonRecordException("empty record value");
        }
        Transaction tx;
        try {
            tx = codec.read(json, Transaction.class);
        } catch (JsonProcessingException e) {
            throw new PoisonRecordException("not a Transaction: " + e.getOriginalMessage(), e);
        }
        if (tx == null) {
            throw new PoisonRecordException("not a Transaction: null");
        }
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
        return tx;
    }

    private static void require(Object value, String field) {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw new PoisonRecordException("Transaction without " + field);
        }
    }
}
