package dev.voltstream.broker.cluster.internal.quorum;

import dev.voltstream.broker.cluster.internal.image.BrokerRegistration;
import dev.voltstream.broker.cluster.internal.image.ClusterImage;

/**
 * The controller's answer to a broker's heartbeat, one byte on the wire. Only {@link #FENCED} makes a broker register
 * again: an incarnation the controller's image does not hold yet is a registration still on its way (a restarted
 * broker heartbeats from the moment it proposes), and registering again then would race its own registration — the
 * bug behind the rare LeaderElectionIT / ObserverKillIT failures, where the retry could land after leaderships were
 * handed to the new incarnation.
 */
enum HeartbeatAnswer {
    /** Registered as this incarnation and fenced (missed heartbeats): register again. */
    FENCED((byte) 0),
    /** Registered as this incarnation and active. */
    ACTIVE((byte) 1),
    /**
     * The image holds another incarnation, or none: this one's registration is not applied here yet (or this is a
     * stale process of the broker, which must not take the node back). Nothing to do; the session is still counted.
     */
    NOT_REGISTERED_YET((byte) 2);

    private final byte code;

    HeartbeatAnswer(byte code) {
        this.code = code;
    }

    byte code() {
        return code;
    }

    static HeartbeatAnswer fromCode(byte code) {
        for (HeartbeatAnswer a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        // An unknown code from a newer controller: doing nothing is always safe, registering again is not.
        return NOT_REGISTERED_YET;
    }

    /** What the controller answers, given its image. */
    static HeartbeatAnswer of(ClusterImage image, int brokerId, String incarnation) {
        BrokerRegistration b = image.brokers().get(brokerId);
        if (b == null || !b.incarnation().equals(incarnation)) {
            return NOT_REGISTERED_YET;
        }
        return b.fenced() ? FENCED : ACTIVE;
    }
}
