package dev.voltstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The status line's arithmetic and its sources' formats. */
class StatusTest {

    @Test
    void prometheusSumsEveryLabelSetOfOneMetricOnly() {
        String text = """
                # HELP voltstream_notifications_created_total
                # TYPE voltstream_notifications_created_total counter
                voltstream_notifications_created_total{kind="BALANCE_CHANGED"} 12.0
                voltstream_notifications_created_total{kind="FRAUD_ALERT",note="a}b"} 3.0
                voltstream_notifications_created_total_extra 100.0
                voltstream_notifications_created 7.0
                other_metric 5.0
                """;
        assertThat(PrometheusText.sum(text, "voltstream_notifications_created_total")).isEqualTo(15.0);
        assertThat(PrometheusText.sum(text, "voltstream_notifications_created")).isEqualTo(7.0);
        assertThat(PrometheusText.sum("up 1 1700000000000\n", "up")).isEqualTo(1.0);
        assertThat(PrometheusText.sum(text, "absent_metric")).isEqualTo(-1);
    }

    @Test
    void lagCountsCommittedPartitionsOnlyAndNeverNegative() {
        TopicPartition t0 = new TopicPartition("transactions", 0);
        TopicPartition t1 = new TopicPartition("transactions", 1);
        TopicPartition v0 = new TopicPartition("transaction-verdicts", 0);
        Map<TopicPartition, Long> ends = Map.of(t0, 100L, t1, 50L, v0, 10L);
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of(t0, new OffsetAndMetadata(90),
                t1, new OffsetAndMetadata(60), new TopicPartition("gone", 0), new OffsetAndMetadata(1));
        assertThat(StatusSampler.lag(ends, committed)).isEqualTo(10);
        assertThat(StatusSampler.sumFor(ends, List.of("transactions"))).isEqualTo(150);
        assertThat(StatusSampler.sumFor(ends, StatusSampler.IN_TOPICS)).isEqualTo(150);
    }

    @Test
    void theLineShowsEveryFigureAndUnknownNotificationsAsAQuestionMark() {
        StatusLine line = new StatusLine(98.25, 12345, 600, 580, 1500, 7);
        assertThat(line.format()).isEqualTo("events/s in    98.3 | events 12,345 | verdicts 600 | balance updates 580"
                + " | notifications 1,500 | consumer lag 7");
        assertThat(line.flowsEndToEnd()).isTrue();
        StatusLine unknown = new StatusLine(0, 10, 1, 1, -1, 0);
        assertThat(unknown.format()).contains("notifications ?");
        assertThat(unknown.flowsEndToEnd()).isFalse();
    }
}
