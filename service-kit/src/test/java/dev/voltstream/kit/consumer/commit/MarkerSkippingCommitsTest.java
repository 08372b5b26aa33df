package dev.voltstream.kit.consumer.commit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the consumer's position is past the offset to commit only because of transaction markers (nothing it was given
 * is left unprocessed), the position is committed — at once, or later by the catch-up once a poll passed the marker.
 */
class MarkerSkippingCommitsTest {
    private static final TopicPartition P = new TopicPartition("invoices", 0);

    private final MockConsumer<String, String> kafka = new MockConsumer<>("earliest");
    private final PolledOffsets polled = new PolledOffsets();
    private final MarkerSkippingCommits markers = new MarkerSkippingCommits(() -> polled);

    {
        kafka.assign(List.of(P));
    }

    /** poll() returned records up to {@code lastOffset} and the consumer's position is now {@code position}. */
    private void polledUpTo(long lastOffset, long position) {
        ConsumerRecord<Object, Object> last = new ConsumerRecord<>(P.topic(), P.partition(), lastOffset, "k", "v");
        polled.onConsume(new ConsumerRecords<>(Map.of(P, List.of(last)), Map.of()));
        kafka.seek(P, position);
    }

    private static Map<TopicPartition, OffsetAndMetadata> at(long offset) {
        return Map.of(P, new OffsetAndMetadata(offset));
    }

    @Test
    void commitsThePositionWhenOnlyAMarkerLiesBetween() {
        polledUpTo(9, 11); // record 9, its transaction's marker at 10
        assertThat(markers.adjust(at(10), kafka)).isEqualTo(at(11));
    }

    @Test
    void keepsTheOffsetWhileRecordsGivenToTheConsumerAreUnprocessed() {
        polledUpTo(12, 13); // records 10..12 polled, only up to 9 processed
        assertThat(markers.adjust(at(10), kafka)).isEqualTo(at(10));
    }

    @Test
    void keepsTheOffsetWithoutAnInterceptor() {
        polledUpTo(9, 11);
        assertThat(new MarkerSkippingCommits(() -> null).adjust(at(10), kafka)).isEqualTo(at(10));
    }

    @Test
    void catchesUpOnceALaterPollPassedTheMarker() {
        polledUpTo(9, 10); // the marker not passed yet when 10 is committed
        markers.committed(markers.adjust(at(10), kafka));
        assertThat(markers.catchUp(kafka)).isEmpty();
        kafka.seek(P, 11); // the next poll skipped the marker and returned nothing
        assertThat(markers.catchUp(kafka)).isEqualTo(at(11));
        markers.committed(at(11));
        assertThat(markers.catchUp(kafka)).isEmpty();
    }

    @Test
    void noCatchUpWhenNewRecordsWerePolledOrThePartitionWasRevoked() {
        polledUpTo(9, 10);
        markers.committed(at(10));
        polledUpTo(15, 16); // new records, not yet processed: the throttled strategy commits them when it may
        assertThat(markers.catchUp(kafka)).isEmpty();

        polledUpTo(15, 17);
        markers.committed(at(16));
        markers.reset(List.of(P)); // revoked: what this consumer committed no longer speaks for the partition
        assertThat(markers.catchUp(kafka)).isEmpty();
    }
}
