package dev.voltstream.launcher;

import dev.voltstream.contracts.Topics;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the demo's topics before the services start, with several partitions (so keys spread, which the
 * walkthrough shows), on a cluster a replica on every broker, and the configs the system relies on
 * ({@link Topics#configs}: station-status is compacted). Topics that exist keep their data; they only get those
 * configs set (a demo state from before station-status was compacted).
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
                    .map(t -> new NewTopic(t, partitions, replicationFactor).configs(Topics.configs(t))).toList();
            setConfigs(admin, TOPICS.stream().filter(existing::contains).toList());
            if (missing.isEmpty()) {
                return Set.of();
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // a service that started early may have auto-created one meanwhile: that is fine, given its configs
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                setConfigs(admin, missing.stream().map(NewTopic::name).toList());
            }
            return Set.copyOf(missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException | TimeoutException e) {
            throw new LauncherException("creating the demo topics failed: " + e);
        }
    }

    private static void setConfigs(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (String topic : topics) {
            List<AlterConfigOp> ops = Topics.configs(topic).entrySet().stream()
                    .map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET))
                    .toList();
            if (!ops.isEmpty()) {
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), ops);
            }
        }
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
        }
    }
}
