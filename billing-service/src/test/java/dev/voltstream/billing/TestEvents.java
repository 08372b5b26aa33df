package dev.voltstream.billing;

import dev.voltstream.contracts.GeoLocation;
import dev.voltstream.contracts.SessionCompleted;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionType;
import dev.voltstream.contracts.TransactionVerdict;
import dev.voltstream.contracts.Verdict;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Events for tests, with ids unique to the test so tests sharing one database do not see each other. */
public final class TestEvents {
    private TestEvents() {
    }

    /** A fresh id with a readable prefix. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A completed session of the account at a station. */
    public static SessionCompleted sessionCompleted(String sessionId, String accountId, double kwh, int idleMinutes) {
        Instant now = Instant.now();
        return new SessionCompleted(sessionId + "-completed", sessionId, "st-042", accountId, kwh, idleMinutes,
                now.minusSeconds(3600), now);
    }

    /** A card payment of the account. */
    public static Transaction cardPayment(String transactionId, String accountId, String amount) {
        return new Transaction(transactionId, transactionId, accountId, TransactionType.CARD, new BigDecimal(amount),
                "EUR", "pos-berlin-17", new GeoLocation(52.52, 13.405), null, Instant.now());
    }

    /** The verdict on a transaction, with fraud-service's id scheme. */
    public static TransactionVerdict verdict(Transaction tx, Verdict verdict) {
        return new TransactionVerdict("verdict-" + tx.transactionId(), tx.transactionId(), tx.accountId(), verdict,
                verdict == Verdict.DECLINED ? List.of("VELOCITY") : List.of(), tx, Instant.now());
    }
}
