package dev.voltstream.broker.replica;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A partition's in-sync replicas as its leader keeps them: the committed ISR, what each follower fetched last and when
 * it was last caught up, the one ISR change proposed and not yet settled, and the replicas that change proposes to
 * add. A follower that catches up to the high watermark is proposed into the ISR, one not caught up within
 * {@code replica.lag.time.max.ms} out of it; a proposal takes effect only when the committed ISR comes back
 * ({@link Partition#makeLeader}). Guarded by the owning {@link Partition}'s monitor.
 */
final class IsrState {
    private final Partition partition;
    private final int localId;
    private volatile IsrChanger changer = IsrChanger.NONE;
    private volatile List<Integer> isr;
    private final Map<Integer, ReplicaState> followers = new HashMap<>();
    private boolean changePending;
    /**
     * Replicas this leader proposed to add to the ISR, until it applies a committed ISR again: the high watermark waits
     * for them too (Kafka's "maximal ISR"). Once the controller commits the expansion it may elect such a replica —
     * e.g. when a reassignment completes and moves the leadership — so a record acknowledged meanwhile without it
     * would be lost.
     */
    private final Set<Integer> joining = new HashSet<>();

    IsrState(Partition partition, int localId) {
        this.partition = partition;
        this.localId = localId;
        this.isr = List.of(localId);
    }

    void changer(IsrChanger changer) {
        this.changer = changer;
    }

    List<Integer> isr() {
        return isr;
    }

    boolean changePending() {
        return changePending;
    }

    /** Leading with the committed {@code replicas} and ISR; a new term forgets what followers fetched in the old one. */
    void lead(List<Integer> replicas, List<Integer> newIsr, boolean newTerm, long nowMs) {
        isr = List.copyOf(newIsr);
        changePending = false;
        joining.clear();
        if (newTerm) {
            followers.clear();
        }
        for (int r : replicas) {
            if (r != localId) {
                followers.computeIfAbsent(r, k -> new ReplicaState(nowMs));
            }
        }
        followers.keySet().retainAll(replicas);
    }

    /** Following, with the committed ISR: a follower tracks no other replica. */
    void follow(List<Integer> newIsr) {
        isr = List.copyOf(newIsr);
        followers.clear();
        changePending = false;
        joining.clear();
    }

    /** The replica is no longer hosted here. */
    void forgetFollowers() {
        followers.clear();
    }

    /**
     * Records a follower's fetch from {@code fetchOffset} while the leader's log ends at {@code leaderEnd}, and
     * proposes it into the ISR when it has caught up to {@code highWatermark}.
     *
     * @return false, and nothing recorded, for a replica that does not follow here
     */
    boolean recordFetch(int replicaId, long fetchOffset, long leaderEnd, long highWatermark, int leaderEpoch,
                     long nowMs) {
        ReplicaState state = followers.get(replicaId);
        if (state == null) {
            return false;
        }
        state.logEndOffset = fetchOffset;
        // Caught up now, or caught up to where the leader was at the previous fetch (so a steady stream of
        // appends does not make a keeping-up follower look lagging).
        if (fetchOffset >= leaderEnd) {
            state.lastCaughtUpMs = nowMs;
        } else if (fetchOffset >= state.lastFetchLeaderLogEndOffset && state.lastFetchLeaderLogEndOffset >= 0) {
            state.lastCaughtUpMs = Math.max(state.lastCaughtUpMs, state.lastFetchTimeMs);
        }
        state.lastFetchLeaderLogEndOffset = leaderEnd;
        state.lastFetchTimeMs = nowMs;
        maybeExpand(replicaId, state, highWatermark, leaderEpoch);
        return true;
    }

    /** A follower rejoins the ISR once it has caught up to the high watermark (Kafka's rule). */
    private void maybeExpand(int replicaId, ReplicaState state, long highWatermark, int leaderEpoch) {
        if (isr.contains(replicaId) || changePending || state.logEndOffset < highWatermark
                || !changer.eligible(replicaId)) {
            return;
        }
        List<Integer> newIsr = new ArrayList<>(isr);
        newIsr.add(replicaId);
        propose(newIsr, leaderEpoch);
    }

    /**
     * Forgets proposed joiners whose proposal settled without being applied here (refused, or timed out) and that then
     * stopped fetching: they no longer hold the high watermark back.
     *
     * @return whether any was forgotten (the high watermark may advance)
     */
    boolean dropStaleJoiners(long nowMs, long lagMaxMs) {
        return joining.removeIf(r -> !isr.contains(r) && followers.containsKey(r)
                && nowMs - followers.get(r).lastCaughtUpMs > lagMaxMs);
    }

    /** Proposes the ISR without the followers that were not caught up within {@code lagMaxMs}, if there are any. */
    void maybeShrink(long nowMs, long lagMaxMs, int leaderEpoch) {
        List<Integer> newIsr = new ArrayList<>(isr);
        boolean changed = newIsr.removeIf(r -> {
            if (r == localId) {
                return false;
            }
            ReplicaState s = followers.get(r);
            return s != null && nowMs - s.lastCaughtUpMs > lagMaxMs;
        });
        if (changed) {
            propose(newIsr, leaderEpoch);
        }
    }

    private void propose(List<Integer> newIsr, int leaderEpoch) {
        changePending = true;
        newIsr.stream().filter(r -> !isr.contains(r)).forEach(joining::add);
        changer.propose(partition, leaderEpoch, List.copyOf(newIsr), () -> {
            synchronized (partition) {
                changePending = false;
            }
        });
    }

    /**
     * The highest high watermark the replicas allow over a leader log ending at {@code logEnd}: no further than
     * every in-sync follower and every proposed joiner has fetched (-1 for an in-sync follower not heard from).
     */
    long highWatermarkBound(long logEnd) {
        long candidate = logEnd;
        for (int r : isr) {
            if (r == localId) {
                continue;
            }
            ReplicaState s = followers.get(r);
            candidate = Math.min(candidate, s == null ? -1 : s.logEndOffset);
        }
        for (int r : joining) {
            ReplicaState s = followers.get(r);
            if (s != null) {
                candidate = Math.min(candidate, s.logEndOffset);
            }
        }
        return candidate;
    }
}
