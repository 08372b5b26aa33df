import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The driver of infra/load/metadata-history.sh, run as a single-file program on Kafka's client jars.
 *   history BOOTSTRAP CHANGES TOPICS: CHANGES metadata records (topic config changes, TOPICS topics per request,
 *                                     64 requests in flight), printing the rate
 *   topics BOOTSTRAP COUNT PER_REQUEST: creates COUNT topics (1 partition, replication factor 1), PER_REQUEST per
 *                                     CreateTopics request, 64 requests in flight, then deletes them the same way,
 *                                     printing both rates
 *   await BOOTSTRAP NODE_ID:          milliseconds until the broker at BOOTSTRAP answers DescribeCluster naming itself
 *                                     (a restarting cluster broker answers only once it has caught up)
 */
public class MetadataHistory {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "history" -> history(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]));
            case "topics" -> topics(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "await" -> await(args[1], Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("history | topics | await");
        }
    }

    private static Admin admin(String bootstrap, int timeoutMs) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 100);
        return Admin.create(props);
    }

    private static void history(String bootstrap, long changes, int topics) throws Exception {
        try (Admin admin = admin(bootstrap, 60_000)) {
            List<NewTopic> created = new ArrayList<>();
            for (int i = 0; i < topics; i++) {
                created.add(new NewTopic("history-" + i, 1, (short) 1));
            }
            try {
                admin.createTopics(created).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            Deque<Map.Entry<Map<ConfigResource, java.util.Collection<AlterConfigOp>>, KafkaFuture<Void>>> inFlight =
                    new ArrayDeque<>();
            long start = System.nanoTime();
            long done = 0;
            for (long round = 0; done < changes; round++) {
                Map<ConfigResource, java.util.Collection<AlterConfigOp>> ops = new HashMap<>();
                for (int i = 0; i < topics && done < changes; i++, done++) {
                    ops.put(new ConfigResource(ConfigResource.Type.TOPIC, "history-" + i), List.of(new AlterConfigOp(
                            new ConfigEntry("retention.ms", Long.toString(3_600_000L + round)),
                            AlterConfigOp.OpType.SET)));
                }
                inFlight.add(Map.entry(ops, admin.incrementalAlterConfigs(ops).all()));
                if (inFlight.size() >= 64) {
                    complete(admin, inFlight.poll());
                }
                if (done % 100_000 < topics) {
                    System.err.printf("%,d changes, %.0f/s%n", done, done / ((System.nanoTime() - start) / 1e9));
                }
            }
            for (var request : inFlight) {
                complete(admin, request);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d metadata changes in %.1f s (%.0f/s)%n", changes, seconds, changes / seconds);
        }
    }

    /** Waits for a request; a failed one (a broker restarting, a leader moving) is sent again: setting is idempotent. */
    private static void complete(Admin admin,
                                 Map.Entry<Map<ConfigResource, java.util.Collection<AlterConfigOp>>, KafkaFuture<Void>>
                                         request) throws Exception {
        KafkaFuture<Void> future = request.getValue();
        for (int attempt = 1; ; attempt++) {
            try {
                future.get();
                return;
            } catch (ExecutionException e) {
                if (attempt == 5) {
                    throw e;
                }
                future = admin.incrementalAlterConfigs(request.getKey()).all();
            }
        }
    }

    private static void topics(String bootstrap, int count, int perRequest) throws Exception {
        String prefix = "churn-" + System.currentTimeMillis() + "-";
        try (Admin admin = admin(bootstrap, 60_000)) {
            long start = System.nanoTime();
            Deque<KafkaFuture<Void>> inFlight = new ArrayDeque<>();
            for (int from = 0; from < count; from += perRequest) {
                List<NewTopic> batch = new ArrayList<>();
                for (int i = from; i < Math.min(count, from + perRequest); i++) {
                    batch.add(new NewTopic(prefix + i, 1, (short) 1));
                }
                inFlight.add(admin.createTopics(batch).all());
                drain(inFlight, 64);
            }
            drain(inFlight, 0);
            double createSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            for (int from = 0; from < count; from += perRequest) {
                List<String> batch = new ArrayList<>();
                for (int i = from; i < Math.min(count, from + perRequest); i++) {
                    batch.add(prefix + i);
                }
                inFlight.add(admin.deleteTopics(batch).all());
                drain(inFlight, 64);
            }
            drain(inFlight, 0);
            double deleteSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d topics, %d per request: created in %.1f s (%.0f/s), deleted in %.1f s (%.0f/s)%n",
                    count, perRequest, createSeconds, count / createSeconds, deleteSeconds, count / deleteSeconds);
        }
    }

    /** Waits for the oldest requests until at most {@code max} are in flight; a failed one fails the run. */
    private static void drain(Deque<KafkaFuture<Void>> inFlight, int max) throws Exception {
        while (inFlight.size() > max) {
            inFlight.poll().get();
        }
    }

    private static void await(String bootstrap, int nodeId) throws Exception {
        long start = System.nanoTime();
        try (Admin admin = admin(bootstrap, 1_000)) {
            while (true) {
                try {
                    boolean listed = admin.describeCluster().nodes().get().stream().anyMatch(n -> n.id() == nodeId);
                    if (listed) {
                        break;
                    }
                } catch (ExecutionException e) {
                    // not up yet, or holding requests while it catches up
                }
                Thread.sleep(20); // a poll interval, not a wait for a condition we could be told about
                if (System.nanoTime() - start > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException("broker " + nodeId + " did not answer in 5 minutes");
                }
            }
        }
        System.out.println((System.nanoTime() - start) / 1_000_000);
    }
}
