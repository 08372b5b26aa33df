package dev.voltstream.launcher;

import dev.voltstream.contracts.Topics;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the demo's topics before the services start, with several partitions (so keys spread, which the
 * walkthrough shows) and, on a cluster, a replica on every broker. Topics that exist are left as they are: a second
 * run keeps its data.
 */
public final class TopicSetup {
    /** Every topic of SYSTEM.md; the dead-letter topics are created on first use. */
    public static final List<String> TOPICS = List.of(Topics.STATION_STATUS, Topics.STATION_METRICS,
            Topics.CHARGING_SESSIONS, Topics.TRANSACTIONS, Topics.TRANSACTION_VERDICTS, Topics.FRAUD_ALERTS,
            Topics.ACCOUNT_UPDATES, Topics.INVOICES);

    private TopicSetup() {
    }

    /** Creates the missing topics; returns the names it created. */
    public static Set<String> createMissing(Admin admin, int partitions, short replicationFactor)
            throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = TOPICS.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, replicationFactor)).toList();
            if (missing.isEmpty()) {
                return Set.of();
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // a service that started early may have auto-created one meanwhile: that is fine
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return Set.copyOf(missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException | TimeoutException e) {
            throw new LauncherException("creating the demo topics failed: " + e);
        }
    }
}
