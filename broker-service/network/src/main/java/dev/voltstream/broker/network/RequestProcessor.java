package dev.voltstream.broker.network;

import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.protocol.ApiMessage;

import dev.voltstream.broker.protocol.KafkaRequest;

/**
 * Turns a request into its response body. A stage completing with {@code null} means "no response" (acks=0
 * produce); completing with {@link CloseConnectionException} closes the connection.
 */
public interface RequestProcessor {
    CompletionStage<ApiMessage> process(KafkaRequest request);
}
