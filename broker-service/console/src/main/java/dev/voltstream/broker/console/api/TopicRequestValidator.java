package dev.voltstream.broker.console.api;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

import dev.voltstream.broker.console.http.Problem;
import dev.voltstream.broker.console.http.ProblemException;

/**
 * Checks a create-topic request before it reaches the cluster, so the form gets one clear message per field: Kafka's
 * own topic name rules (kafka-clients' {@link Topic#validate(String)}: 1-249 characters of {@code [a-zA-Z0-9._-]}, not
 * "." or ".."), partitions and replication factor at least 1 and no more replicas than brokers, retention -1 or more.
 */
final class TopicRequestValidator {
    static final int MAX_PARTITIONS = 10_000;

    private TopicRequestValidator() {
    }

    static void validate(TopicsApi.CreateTopic request, int brokerCount) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request.name() == null || request.name().isEmpty()) {
            errors.add(new Problem.FieldError("name", "A topic name is required"));
        } else {
            try {
                Topic.validate(request.name());
            } catch (InvalidTopicException e) {
                errors.add(new Problem.FieldError("name", e.getMessage()));
            }
        }
        if (request.partitions() != null && (request.partitions() < 1 || request.partitions() > MAX_PARTITIONS)) {
            errors.add(new Problem.FieldError("partitions",
                    "Partitions must be between 1 and " + MAX_PARTITIONS + ", not " + request.partitions()));
        }
        if (request.replicationFactor() != null) {
            if (request.replicationFactor() < 1) {
                errors.add(new Problem.FieldError("replicationFactor",
                        "Replication factor must be at least 1, not " + request.replicationFactor()));
            } else if (request.replicationFactor() > brokerCount) {
                errors.add(new Problem.FieldError("replicationFactor", "Replication factor "
                        + request.replicationFactor() + " is larger than the number of brokers (" + brokerCount + ")"));
            }
        }
        if (request.retentionMs() != null && request.retentionMs() < -1) {
            errors.add(new Problem.FieldError("retentionMs",
                    "Retention must be -1 (keep forever) or a number of milliseconds, not " + request.retentionMs()));
        }
        if (!errors.isEmpty()) {
            String detail = errors.size() == 1 ? errors.get(0).message()
                    : "The topic request has " + errors.size() + " invalid fields";
            throw new ProblemException(400, "Invalid topic", detail, errors);
        }
    }
}
