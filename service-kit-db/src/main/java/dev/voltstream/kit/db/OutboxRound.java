package dev.voltstream.kit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One relay round on a connection inside a transaction the caller commits: lock the oldest unpublished rows (skipping
 * rows another relay holds), send them all (the producer keeps their order per partition), wait for the broker's
 * acknowledgements, and delete the rows up to the first one that was not acknowledged. The rest stay, locked until
 * the commit, and are sent again by a later round: a row may be published twice (after a crash between the ack and
 * the commit, or when a later row of its batch failed) but never lost, and the rows of one key stay in order.
 */
public final class OutboxRound {
    private final OutboxTable table;
    private final Function<OutboxEvent, CompletionStage<Void>> publisher;
    private final int batchSize;
    private final Duration ackTimeout;

    /**
     * @param publisher sends a row; the stage completes on the broker's acknowledgement
     */
    public OutboxRound(OutboxTable table, Function<OutboxEvent, CompletionStage<Void>> publisher, int batchSize,
                       Duration ackTimeout) {
        this.table = table;
        this.publisher = publisher;
        this.batchSize = batchSize;
        this.ackTimeout = ackTimeout;
    }

    /** What a round did: rows published and deleted, and the first failure (null when all were acknowledged). */
    public record Result(List<OutboxEvent> published, int locked, Exception failure) {
        /** Whether the round found a full batch and published it all (a backlog: run again at once). */
        public boolean full(int batchSize) {
            return failure == null && locked == batchSize;
        }
    }

    /** Runs one round on {@code connection} (in a transaction). */
    public Result run(Connection connection) throws SQLException {
        List<OutboxEvent> rows = table.lockOldest(connection, batchSize);
        if (rows.isEmpty()) {
            return new Result(List.of(), 0, null);
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (OutboxEvent row : rows) {
            CompletableFuture<Void> ack;
            try {
                ack = publisher.apply(row).toCompletableFuture();
            } catch (RuntimeException e) {
                ack = CompletableFuture.failedFuture(e);
            }
            acks.add(ack);
        }
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        List<OutboxEvent> published = new ArrayList<>(rows.size());
        Exception failure = null;
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                published.add(rows.get(i));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
                break;
            } catch (ExecutionException | TimeoutException e) {
                failure = new IllegalStateException("outbox event " + rows.get(i).eventId() + " to "
                        + rows.get(i).topic() + " not acknowledged: " + (e.getCause() == null ? e : e.getCause()), e);
                break;
            }
        }
        table.delete(connection, published.stream().map(OutboxEvent::id).toList());
        return new Result(published, rows.size(), failure);
    }
}
