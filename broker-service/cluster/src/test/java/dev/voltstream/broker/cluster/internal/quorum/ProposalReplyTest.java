package dev.voltstream.broker.cluster.internal.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.MetadataApplier;

class ProposalReplyTest {
    @Test
    void aCommandsErrorSurvivesAndAnAppliedOneHasNone() {
        ProposalReply failed = ProposalReply.decode(ProposalReply.encode(new MetadataApplier.Applied(
                ClusterImage.EMPTY, Errors.TOPIC_ALREADY_EXISTS, "Topic 't' already exists.")));
        assertThat(failed.error()).isInstanceOf(TopicExistsException.class).hasMessage("Topic 't' already exists.");
        assertThat(failed.refused()).isEmpty();

        ProposalReply applied = ProposalReply.decode(ProposalReply.encode(new MetadataApplier.Applied(
                ClusterImage.EMPTY, Errors.NONE, null)));
        assertThat(applied.error()).isNull();
        assertThat(applied.refused()).isEmpty();
    }

    @Test
    void theRefusedElementsOfABatchComeBackByPositionAfterTheFieldsAnOlderReaderKnows() {
        byte[] bytes = ProposalReply.encode(new MetadataApplier.Applied(ClusterImage.EMPTY, Errors.NONE, null,
                List.of(new MetadataApplier.Refusal(1, Errors.TOPIC_ALREADY_EXISTS, "taken"),
                        new MetadataApplier.Refusal(4, Errors.UNKNOWN_TOPIC_OR_PARTITION, null))));

        ProposalReply reply = ProposalReply.decode(bytes);
        assertThat(reply.error()).isNull();
        assertThat(reply.refused()).containsOnlyKeys(1, 4);
        assertThat(reply.refused().get(1)).isInstanceOf(TopicExistsException.class).hasMessage("taken");
        assertThat(reply.refused().get(4)).isInstanceOf(UnknownTopicOrPartitionException.class);
        // The first fields are what release 0.1.0's proposer reads: error code NONE, empty message.
        assertThat(java.nio.ByteBuffer.wrap(bytes).getShort()).isEqualTo(Errors.NONE.code());
        assertThat(java.nio.ByteBuffer.wrap(bytes, 2, 2).getShort()).as("message length").isZero();
    }
}
