package dev.voltstream.broker.cluster.internal.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.voltstream.broker.cluster.internal.image.ClusterImage;
import dev.voltstream.broker.cluster.internal.image.MetadataApplier;
import dev.voltstream.broker.cluster.internal.image.MetadataCommand;

/**
 * The controller's answer to a heartbeat: only a fenced registration of the very same incarnation makes a broker
 * register again (issue #20's liveness race: a restarted broker heartbeats before the controller applied its new
 * registration, and the old answer "not registered: register again" raced that registration).
 */
class HeartbeatAnswerTest {
    private static final String OLD = "incarnation-1";
    private static final String NEW = "incarnation-2";

    @Test
    void anIncarnationTheControllerHasNotAppliedYetIsNotToldToRegisterAgain() {
        ClusterImage beforeTheRestartIsApplied = apply(ClusterImage.EMPTY, register(OLD));

        assertThat(HeartbeatAnswer.of(beforeTheRestartIsApplied, 1, NEW)).isEqualTo(HeartbeatAnswer.NOT_REGISTERED_YET);
        assertThat(HeartbeatAnswer.of(ClusterImage.EMPTY, 1, NEW)).isEqualTo(HeartbeatAnswer.NOT_REGISTERED_YET);
    }

    @Test
    void aStaleProcessIsNotToldToTakeTheNodeBack() {
        ClusterImage restarted = apply(apply(ClusterImage.EMPTY, register(OLD)), register(NEW));

        assertThat(HeartbeatAnswer.of(restarted, 1, OLD)).isEqualTo(HeartbeatAnswer.NOT_REGISTERED_YET);
        assertThat(HeartbeatAnswer.of(restarted, 1, NEW)).isEqualTo(HeartbeatAnswer.ACTIVE);
    }

    @Test
    void onlyAFencedRegistrationOfThisIncarnationRegistersAgain() {
        ClusterImage fenced = apply(apply(ClusterImage.EMPTY, register(NEW)), new MetadataCommand.FenceBroker(1, NEW));

        assertThat(HeartbeatAnswer.of(fenced, 1, NEW)).isEqualTo(HeartbeatAnswer.FENCED);
    }

    @Test
    void answersRoundTripAndUnknownCodesDoNothing() {
        for (HeartbeatAnswer answer : HeartbeatAnswer.values()) {
            assertThat(HeartbeatAnswer.fromCode(answer.code())).isEqualTo(answer);
        }
        assertThat(HeartbeatAnswer.fromCode((byte) 42)).isEqualTo(HeartbeatAnswer.NOT_REGISTERED_YET);
    }

    private static MetadataCommand.RegisterBroker register(String incarnation) {
        return new MetadataCommand.RegisterBroker(1, "localhost", 9092, null, incarnation);
    }

    private static ClusterImage apply(ClusterImage image, MetadataCommand command) {
        return MetadataApplier.apply(image, command, 0).image();
    }
}
