package dev.voltstream.broker.handler;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.security.SaslSessions;

/**
 * SaslHandshake: picks the connection's SASL mechanism and lists the listener's enabled ones. UNSUPPORTED_SASL_MECHANISM
 * for one the listener does not offer (the connection is then closed), ILLEGAL_SASL_STATE out of order or on a
 * listener without SASL, as Kafka answers.
 */
public final class SaslHandshakeHandler implements ApiHandler<SaslHandshakeRequestData> {
    private final SaslSessions sessions;

    public SaslHandshakeHandler(SaslSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SASL_HANDSHAKE;
    }

    @Override
    public CompletionStage<SaslHandshakeResponseData> handle(RequestContext context, SaslHandshakeRequestData request) {
        SaslHandshakeResponseData response = sessions.of(context.connectionId())
                .map(session -> new SaslHandshakeResponseData()
                        .setErrorCode(session.handshake(request.mechanism()).code())
                        .setMechanisms(session.mechanisms().enabled()))
                .orElseGet(() -> new SaslHandshakeResponseData().setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                        .setMechanisms(List.of()));
        return CompletableFuture.completedFuture(response);
    }
}
