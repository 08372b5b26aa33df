package dev.voltstream.broker.handler;

import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import dev.voltstream.broker.protocol.RequestContext;

/**
 * Answers one Kafka API. Gets kafka-clients' generated request data and returns the generated response data; a
 * delayed answer (acks=all produce, long-poll fetch) is simply a stage that completes later. A stage completing with
 * {@code null} sends no response. Exceptions become the API's own error response (Kafka's error codes).
 *
 * @param <Q> the generated request data type, e.g. {@code ProduceRequestData}
 */
public interface ApiHandler<Q extends ApiMessage> {
    ApiKeys apiKey();

    CompletionStage<? extends ApiMessage> handle(RequestContext context, Q request);
}
