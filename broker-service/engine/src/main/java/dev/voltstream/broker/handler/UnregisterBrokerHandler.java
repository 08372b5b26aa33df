package dev.voltstream.broker.handler;

import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.UnregisterBrokerRequestData;
import org.apache.kafka.common.message.UnregisterBrokerResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.metadata.QuorumAdmin;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * UnregisterBroker ({@code kafka-cluster.sh unregister --id N}, the last step of decommissioning a broker): removes a
 * stopped broker's registration and, for an observer, its seat in the metadata quorum. Cluster mode only. Stricter
 * than Kafka on purpose: an alive broker or a voter is refused with {@code INVALID_REQUEST} (Kafka unregisters an alive
 * broker, which then registers again at once).
 */
public final class UnregisterBrokerHandler implements ApiHandler<UnregisterBrokerRequestData> {
    private final QuorumAdmin quorum;

    public UnregisterBrokerHandler(QuorumAdmin quorum) {
        this.quorum = quorum;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.UNREGISTER_BROKER;
    }

    @Override
    public CompletionStage<UnregisterBrokerResponseData> handle(RequestContext context,
                                                               UnregisterBrokerRequestData request) {
        return quorum.unregisterBroker(request.brokerId()).handle((ok, e) -> {
            if (e == null) {
                return new UnregisterBrokerResponseData();
            }
            Throwable cause = QuorumErrors.cause(e);
            Errors error = Errors.forException(cause);
            return new UnregisterBrokerResponseData().setErrorCode(error.code()).setErrorMessage(cause.getMessage());
        });
    }
}
