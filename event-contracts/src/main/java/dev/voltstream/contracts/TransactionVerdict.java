package dev.voltstream.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Exactly one per transaction: APPROVED or DECLINED with the reasons (rule names), carrying the transaction so billing
 * needs nothing else. Topic transaction-verdicts, key accountId.
 */
public record TransactionVerdict(String eventId, String transactionId, String accountId, Verdict verdict,
                                 List<String> reasons, Transaction transaction, Instant occurredAt) implements Event {
    public TransactionVerdict {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
}
