package dev.voltstream.kit.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One relay round on a connection inside a transaction the caller commits: lock the oldest unpublished rows (skipping
 * rows another relay holds), publish them, and delete what was published; the rest stay, locked until the commit, and
 * are sent again by a later round. Rows are never lost, and the rows of one key stay in order.
 * <p>
 * With a transactional publisher the round is one Kafka transaction: begin, send every row, commit; any failure aborts
 * it and deletes nothing, so read_committed readers see the whole batch once or nothing of it, and the retried batch
 * is a new transaction. The rows are deleted only after the Kafka commit; should that delete (or the database commit)
 * fail, the round remembers the rows it published, and the next round that locks them deletes them without sending
 * them again ({@link #confirm} forgets them once the database committed). A duplicate remains possible only when
 * another instance takes such rows first, the relay dies between the two commits, or a Kafka commit fails without
 * telling whether it happened; the deterministic event ids make it recognisable.
 * <p>
 * Without transactions each row is acknowledged on its own: the round deletes the rows up to the first one that was not
 * acknowledged, and those before it stay published even though the round failed (at-least-once).
 */
public final class OutboxRound {
    private final OutboxTable table;
    private final OutboxPublisher publisher;
    private final int batchSize;
    private final Duration ackTimeout;
    /** Rows in a committed Kafka transaction whose delete has not been confirmed committed (relay thread only). */
    private final Set<Long> publishedNotDeleted = new HashSet<>();

    public OutboxRound(OutboxTable table, OutboxPublisher publisher, int batchSize, Duration ackTimeout) {
        this.table = table;
        this.publisher = publisher;
        this.batchSize = batchSize;
        this.ackTimeout = ackTimeout;
    }

    /** What a round did: rows published and deleted, and the first failure (null when all were published). */
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
        return publisher.transactional() ? inTransaction(connection, rows) : oneByOne(connection, rows);
    }

    /** The database committed the round's deletes: its rows need no remembering any more. */
    public void confirm(Result result) {
        for (OutboxEvent row : result.published()) {
            publishedNotDeleted.remove(row.id());
        }
    }

    private Result inTransaction(Connection connection, List<OutboxEvent> rows) throws SQLException {
        List<OutboxEvent> toSend = rows.stream().filter(row -> !publishedNotDeleted.contains(row.id())).toList();
        if (!toSend.isEmpty()) {
            Exception failure = publishAll(toSend);
            if (failure != null) {
                publisher.abort();
                // rows a previous round published stay remembered, and are deleted by the next round
                return new Result(List.of(), rows.size(), failure);
            }
            toSend.forEach(row -> publishedNotDeleted.add(row.id()));
        }
        table.delete(connection, rows.stream().map(OutboxEvent::id).toList());
        return new Result(rows, rows.size(), null);
    }

    /** Sends {@code rows} in one Kafka transaction and commits it; the failure, or null when it committed. */
    private Exception publishAll(List<OutboxEvent> rows) {
        OutboxEvent current = null;
        try {
            publisher.begin();
            List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
            for (OutboxEvent row : rows) {
                current = row;
                acks.add(publisher.send(row).toCompletableFuture());
            }
            current = null;
            awaitAll(rows, acks);
            publisher.commit();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            return new IllegalStateException("outbox transaction of " + rows.size() + " events not committed"
                    + (current == null ? "" : " (sending " + current.eventId() + " to " + current.topic() + ")")
                    + ": " + (e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e), e);
        }
    }

    /** Waits for every send of the transaction (within the ack timeout) before committing it. */
    private void awaitAll(List<OutboxEvent> rows, List<CompletableFuture<Void>> acks)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        for (int i = 0; i < rows.size(); i++) {
            acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private Result oneByOne(Connection connection, List<OutboxEvent> rows) throws SQLException {
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (OutboxEvent row : rows) {
            CompletableFuture<Void> ack;
            try {
                ack = publisher.send(row).toCompletableFuture();
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
