package dev.voltstream.launcher;

import java.util.Locale;

/**
 * One reading of the running demo, as printed on the status line.
 *
 * @param eventsPerSecond events written per second to the topics the simulation feeds, since the last reading
 * @param eventsIn        events in those topics (their end offsets added up)
 * @param verdicts        records in {@code transaction-verdicts}
 * @param balanceUpdates  records in {@code account-updates}
 * @param notifications   notifications created by notification-service since it started, -1 when unknown
 * @param consumerLag     records not yet consumed by the services' consumer groups, all partitions added up
 */
public record StatusLine(double eventsPerSecond, long eventsIn, long verdicts, long balanceUpdates,
        long notifications, long consumerLag) {

    public String format() {
        return String.format(Locale.ROOT, "events/s in %7.1f | events %,d | verdicts %,d | balance updates %,d"
                        + " | notifications %s | consumer lag %,d", eventsPerSecond, eventsIn, verdicts, balanceUpdates,
                notifications < 0 ? "?" : String.format(Locale.ROOT, "%,d", notifications), consumerLag);
    }

    /** True when events went through every step: produced, judged, booked and notified. */
    public boolean flowsEndToEnd() {
        return eventsIn > 0 && verdicts > 0 && balanceUpdates > 0 && notifications > 0;
    }
}
