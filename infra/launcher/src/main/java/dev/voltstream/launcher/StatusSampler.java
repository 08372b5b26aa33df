package dev.voltstream.launcher;

import dev.voltstream.contracts.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Takes {@link StatusLine} readings: topic end offsets and the services' committed offsets through an Admin client
 * (what {@code kafka-get-offsets} and {@code kafka-consumer-groups} show), and notification-service's
 * {@code voltstream_notifications_created_total} from its {@code /q/metrics}.
 */
public final class StatusSampler {
    static final List<String> IN_TOPICS = List.of(Topics.STATION_STATUS, Topics.STATION_METRICS,
            Topics.CHARGING_SESSIONS, Topics.TRANSACTIONS);
    static final List<String> GROUPS = List.of("fraud-service", "billing-service", "notification-service");
    static final String NOTIFICATIONS_METRIC = "voltstream_notifications_created_total";

    private final Admin admin;
    private final Readiness http;
    private final String notificationMetricsUrl;
    private long lastEventsIn = -1;
    private long lastNanos;

    /** @param notificationMetricsUrl notification-service's /q/metrics, or null when it does not run */
    public StatusSampler(Admin admin, Readiness http, String notificationMetricsUrl) {
        this.admin = admin;
        this.http = http;
        this.notificationMetricsUrl = notificationMetricsUrl;
    }

    /** A reading now; the rate is over the time since the previous one (0 on the first). */
    public StatusLine sample() throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(TopicSetup.TOPICS);
        long eventsIn = sumFor(ends, IN_TOPICS);
        long now = System.nanoTime();
        double rate = lastEventsIn < 0 ? 0 : (eventsIn - lastEventsIn) * 1e9 / Math.max(1, now - lastNanos);
        lastEventsIn = eventsIn;
        lastNanos = now;
        return new StatusLine(rate, eventsIn, sumFor(ends, List.of(Topics.TRANSACTION_VERDICTS)),
                sumFor(ends, List.of(Topics.ACCOUNT_UPDATES)), notifications(), lag(ends));
    }

    private Map<TopicPartition, Long> endOffsets(Collection<String> topics) throws Exception {
        Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
        List<String> present = topics.stream().filter(existing::contains).toList();
        Map<String, TopicDescription> descriptions = admin.describeTopics(present).allTopicNames()
                .get(5, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        descriptions.values().forEach(d -> d.partitions()
                .forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                admin.listOffsets(request).all().get(5, TimeUnit.SECONDS).entrySet()) {
            ends.put(e.getKey(), e.getValue().offset());
        }
        return ends;
    }

    static long sumFor(Map<TopicPartition, Long> offsets, Collection<String> topics) {
        return offsets.entrySet().stream().filter(e -> topics.contains(e.getKey().topic()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private long lag(Map<TopicPartition, Long> ends) throws Exception {
        long lag = 0;
        List<String> groups = new ArrayList<>(GROUPS);
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            lag += lag(ends, committed);
        }
        return lag;
    }

    /** Records behind the committed offsets, over the partitions a group has committed for. */
    static long lag(Map<TopicPartition, Long> ends, Map<TopicPartition, OffsetAndMetadata> committed) {
        long lag = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
            Long end = ends.get(e.getKey());
            if (end != null && e.getValue() != null) {
                lag += Math.max(0, end - e.getValue().offset());
            }
        }
        return lag;
    }

    private long notifications() {
        if (notificationMetricsUrl == null) {
            return -1;
        }
        String body = http.httpBody(notificationMetricsUrl);
        return body == null ? -1 : (long) PrometheusText.sum(body, NOTIFICATIONS_METRIC);
    }
}
