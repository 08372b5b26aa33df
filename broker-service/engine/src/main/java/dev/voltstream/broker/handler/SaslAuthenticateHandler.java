package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.network.RejectionLog;
import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.security.SaslSession;
import dev.voltstream.broker.security.SaslSessions;

/**
 * SaslAuthenticate: one token of the connection's SASL exchange. The answer carries the server's token, and once the
 * exchange completes the session lifetime ({@code connections.max.reauth.ms}, KIP-368). A failed exchange is
 * SASL_AUTHENTICATION_FAILED with Kafka's message, logged in one line, and the connection is closed after the answer.
 */
public final class SaslAuthenticateHandler implements ApiHandler<SaslAuthenticateRequestData> {
    private static final RejectionLog REJECTIONS = RejectionLog.shared();
    private final SaslSessions sessions;

    public SaslAuthenticateHandler(SaslSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.SASL_AUTHENTICATE;
    }

    @Override
    public CompletionStage<SaslAuthenticateResponseData> handle(RequestContext context,
                                                                SaslAuthenticateRequestData request) {
        SaslSession session = sessions.of(context.connectionId()).orElse(null);
        if (session == null) {
            return CompletableFuture.completedFuture(new SaslAuthenticateResponseData()
                    .setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                    .setErrorMessage("SaslAuthenticate on listener " + context.listenerName() + " without SASL"));
        }
        SaslSession.Step step = session.authenticate(request.authBytes());
        if (step.error() != Errors.NONE) {
            REJECTIONS.reject("authentication failed", "Failed authentication with " + context.clientAddress()
                    + " on " + context.listenerName() + " (client '" + context.clientId() + "'): " + step.message());
        }
        return CompletableFuture.completedFuture(new SaslAuthenticateResponseData()
                .setErrorCode(step.error().code())
                .setErrorMessage(step.message())
                .setAuthBytes(step.token() == null ? new byte[0] : step.token())
                .setSessionLifetimeMs(step.sessionLifetimeMs()));
    }
}
