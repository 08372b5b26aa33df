package dev.voltstream.broker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RebalanceTrackerTest {

    @Test
    void countsEachNewGenerationOncePerGroupWhateverTheNumberOfMembersSeeingIt() {
        BrokerMetrics metrics = new BrokerMetrics();
        RebalanceTracker tracker = new RebalanceTracker(metrics);
        tracker.generation("billing", 1);
        tracker.generation("billing", 1);  // the second member of generation 1
        tracker.generation("billing", 2);
        tracker.generation("billing", 1);  // a late response of an older generation
        tracker.generation("fraud", 0);    // not a generation yet (KIP-848 member joining)
        tracker.generation("fraud", 5);

        assertThat(metrics.rebalances()).containsEntry("billing", 2L).containsEntry("fraud", 1L).hasSize(2);
    }
}
