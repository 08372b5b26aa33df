package dev.voltstream.fraud.rules;

import dev.voltstream.contracts.GeoLocation;
import dev.voltstream.contracts.Transaction;
import dev.voltstream.contracts.TransactionType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Test transactions: a card payment of an account at a place and time. */
public final class Transactions {
    public static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    public static final GeoLocation BERLIN = new GeoLocation(52.520008, 13.404954);
    public static final GeoLocation BERLIN_MITTE = new GeoLocation(52.5219, 13.4132);
    public static final GeoLocation MADRID = new GeoLocation(40.416775, -3.703790);
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Transactions() {
    }

    public static Transaction tx(String account, String amount, Instant at, GeoLocation where) {
        String id = "tx-test-" + SEQ.incrementAndGet();
        return new Transaction(id, id, account, TransactionType.CARD, new BigDecimal(amount), "EUR", "pos-1", where,
                null, at);
    }

    public static Transaction tx(String account, String amount, Instant at) {
        return tx(account, amount, at, BERLIN);
    }
}
