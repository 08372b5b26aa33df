package dev.voltstream.broker.cluster.internal.image;

/**
 * A broker known to the cluster. {@code incarnation} changes on every process start, so the controller can tell a
 * restarted broker (whose old leaderships must move away) from a heartbeat of the same process. A fenced broker is
 * registered but not alive: it leads nothing and is in no ISR.
 */
public record BrokerRegistration(int id, String host, int port, String rack, String incarnation, boolean fenced) {
    /** Whether broker {@code id} is registered in {@code brokers} and not fenced. */
    static boolean isAlive(java.util.Map<Integer, BrokerRegistration> brokers, int id) {
        BrokerRegistration b = brokers.get(id);
        return b != null && !b.fenced();
    }

    public BrokerRegistration fence() {
        return new BrokerRegistration(id, host, port, rack, incarnation, true);
    }
}
