package dev.voltstream.broker.cluster.internal.quorum;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.api.AsyncApi;
import org.apache.ratis.client.retry.RequestTypeDependentRetryPolicy;
import org.apache.ratis.proto.RaftProtos.RaftClientRequestProto.TypeCase;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft client through which this broker proposes commands and sends heartbeats, bounded by time: a request is
 * retried (leader moves, no leader yet, lost connections) every {@link #RETRY_SLEEP_MS} until it is answered or
 * {@code timeoutMs} have passed since it was sent, then fails with a {@link ProposalTimeoutException}.
 *
 * <p>Ratis' ordered requests share one sliding window per client, and a request that runs out of retries closes that
 * window for good: every later request of the client fails at once ({@code AlreadyClosedException}). So the client
 * that saw such a failure is replaced by a new one (a new client id, an empty window) before the failure is passed on:
 * the next proposal reaches the quorum again once it has a leader.
 */
final class ProposalClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProposalClient.class);
    static final long RETRY_SLEEP_MS = 100;

    private final Supplier<RaftClient> factory;
    private final long timeoutMs;
    private final AtomicReference<RaftClient> current;
    private volatile boolean closed;

    /** {@code factory} builds a client with {@link #retryPolicy(long) retryPolicy(timeoutMs)}. */
    ProposalClient(Supplier<RaftClient> factory, long timeoutMs) {
        this.factory = factory;
        this.timeoutMs = timeoutMs;
        this.current = new AtomicReference<>(factory.get());
    }

    /**
     * Every request type retried with a fixed sleep until {@code timeoutMs} after it was first sent (Ratis measures
     * from the pending request's creation), then given up: the caller gets Ratis' {@link RaftRetryFailureException}.
     */
    static RetryPolicy retryPolicy(long timeoutMs) {
        RetryPolicy retry = RetryPolicies.retryForeverWithSleep(TimeDuration.valueOf(RETRY_SLEEP_MS,
                TimeUnit.MILLISECONDS));
        TimeDuration deadline = TimeDuration.valueOf(timeoutMs, TimeUnit.MILLISECONDS);
        RequestTypeDependentRetryPolicy.Builder policy = RequestTypeDependentRetryPolicy.newBuilder();
        for (TypeCase type : TypeCase.values()) {
            if (type != TypeCase.TYPE_NOT_SET) {
                policy.setRetryPolicy(type, retry).setTimeout(type, deadline);
            }
        }
        return policy.build();
    }

    /** The client in use now (admin calls, watches). */
    RaftClient current() {
        return current.get();
    }

    /** Sends through the current client's async API; a request that ran out of time fails as described above. */
    CompletableFuture<RaftClientReply> send(Function<AsyncApi, CompletableFuture<RaftClientReply>> request) {
        RaftClient client = current.get();
        CompletableFuture<RaftClientReply> sent;
        try {
            sent = request.apply(client.async());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle((reply, e) -> {
            if (e == null) {
                return reply;
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RaftRetryFailureException || cause instanceof AlreadyClosedException) {
                replace(client, cause);
                throw new CompletionException(new ProposalTimeoutException("The metadata quorum did not answer "
                        + "within " + timeoutMs + " ms (metadata.proposal.timeout.ms): no controller, or too few "
                        + "voters to commit", cause));
            }
            throw e instanceof CompletionException ce ? ce : new CompletionException(e);
        });
    }

    /** Puts a new client in place of {@code failed} (once, whoever notices first) and closes {@code failed}. */
    private synchronized void replace(RaftClient failed, Throwable cause) {
        if (closed || current.get() != failed) {
            return;
        }
        current.set(factory.get());
        LOG.warn("Metadata quorum client {} gave up a request ({}); using a new client", failed.getId(),
                cause.getMessage());
        try {
            failed.close();
        } catch (IOException e) {
            LOG.debug("Closing the replaced metadata quorum client", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        current.get().close();
    }
}
