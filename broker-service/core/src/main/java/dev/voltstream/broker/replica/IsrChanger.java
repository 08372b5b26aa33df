package dev.voltstream.broker.replica;

import java.util.List;

/**
 * Where a leader proposes a new ISR (cluster mode: the metadata quorum). The change takes effect only when the
 * committed metadata comes back through {@link Partition#makeLeader}; until then the partition keeps its old ISR.
 */
@FunctionalInterface
public interface IsrChanger {
    /** Proposes {@code newIsr} for the partition at its current leader epoch; {@code done} runs when settled. */
    void propose(Partition partition, int leaderEpoch, List<Integer> newIsr, Runnable done);

    /** Whether a replica may join an ISR at all (a fenced broker may not, however caught up it looks). */
    default boolean eligible(int brokerId) {
        return true;
    }

    /** A single node never changes its ISR. */
    IsrChanger NONE = (partition, epoch, isr, done) -> done.run();
}
