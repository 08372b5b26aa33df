package dev.voltstream.billing;

import dev.voltstream.billing.domain.Invoice;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Counts billing's outbox rows still waiting to be published (the kit's table has no entity). */
public final class OutboxRows {
    private OutboxRows() {
    }

    /** Rows of {@code column} ({@code record_key} or {@code event_id}) equal to {@code value}. */
    public static long where(String column, String value) {
        if (!column.equals("record_key") && !column.equals("event_id")) {
            throw new IllegalArgumentException(column);
        }
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Invoice.getEntityManager()
                .createNativeQuery("select count(*) from billing.outbox_event where " + column + " = ?1")
                .setParameter(1, value).getSingleResult()).longValue());
    }
}
