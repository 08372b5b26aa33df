package dev.voltstream.broker.cluster.internal.quorum;

import org.apache.kafka.common.errors.TimeoutException;

/**
 * The metadata quorum did not answer a proposal (or a heartbeat) within {@code metadata.proposal.timeout.ms}: no
 * controller was reachable, or none could commit (too few voters). Retriable; the APIs answer it as Kafka's
 * REQUEST_TIMED_OUT.
 */
public final class ProposalTimeoutException extends TimeoutException {
    ProposalTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
