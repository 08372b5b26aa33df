package dev.voltstream.broker.transaction;

import java.util.Optional;

/**
 * Kafka's transaction states, with the ids its {@code __transaction_state} records use and the names
 * DescribeTransactions and ListTransactions report. PrepareEpochFence is not used: on a single node a fence aborts
 * at once with the bumped epoch.
 */
public enum TransactionState {
    EMPTY(0, "Empty"),
    ONGOING(1, "Ongoing"),
    PREPARE_COMMIT(2, "PrepareCommit"),
    PREPARE_ABORT(3, "PrepareAbort"),
    COMPLETE_COMMIT(4, "CompleteCommit"),
    COMPLETE_ABORT(5, "CompleteAbort"),
    DEAD(6, "Dead");

    private final byte id;
    private final String kafkaName;

    TransactionState(int id, String kafkaName) {
        this.id = (byte) id;
        this.kafkaName = kafkaName;
    }

    public byte id() {
        return id;
    }

    public String kafkaName() {
        return kafkaName;
    }

    /** A transaction is decided but its markers are not all written yet. */
    public boolean isPrepare() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT;
    }

    /** No transaction is open: a new one may start. */
    public boolean isIdle() {
        return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }

    public static TransactionState forId(byte id) {
        for (TransactionState s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown transaction state id " + id);
    }

    public static Optional<TransactionState> forKafkaName(String name) {
        for (TransactionState s : values()) {
            if (s.kafkaName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
