package dev.voltstream.broker.console.kafka;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicDeletionDisabledException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import dev.voltstream.broker.console.http.ProblemException;

/** Maps the errors the Kafka clients report to HTTP problem details, keeping Kafka's own message as the detail. */
public final class KafkaProblems {
    private KafkaProblems() {
    }

    public static ProblemException from(Throwable error) {
        String detail = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (error instanceof UnknownTopicOrPartitionException || error instanceof GroupIdNotFoundException) {
            return new ProblemException(404, "Not Found", detail);
        }
        if (error instanceof AuthorizationException) {
            // before the 400s: Kafka's AuthorizationException extends InvalidConfigurationException
            return new ProblemException(403, "Forbidden", detail);
        }
        if (error instanceof TopicExistsException || error instanceof GroupNotEmptyException) {
            return new ProblemException(409, "Conflict", detail);
        }
        if (error instanceof InvalidTopicException || error instanceof InvalidPartitionsException
                || error instanceof InvalidReplicationFactorException || error instanceof InvalidConfigurationException
                || error instanceof PolicyViolationException || error instanceof InvalidRequestException
                || error instanceof RecordTooLargeException || error instanceof TopicDeletionDisabledException) {
            return new ProblemException(400, "Bad Request", detail);
        }
        if (error instanceof TimeoutException) {
            return new ProblemException(504, "Gateway Timeout", detail);
        }
        if (error instanceof ApiException) {
            return new ProblemException(502, "Bad Gateway", error.getClass().getSimpleName() + ": " + detail);
        }
        return new ProblemException(500, "Internal Server Error", error.getClass().getSimpleName() + ": " + detail);
    }
}
