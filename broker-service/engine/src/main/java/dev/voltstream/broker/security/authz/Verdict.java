package dev.voltstream.broker.security.authz;

import java.util.function.UnaryOperator;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.ApiMessage;

/**
 * An authorization's answer for one request: refuse all of it with {@code refusal} (every part gets its error code),
 * or let the handler run on what is left of it and {@code amend} its response (adding the errors of the parts that
 * were taken out, or removing what the principal may not see).
 */
public record Verdict(ApiException refusal, UnaryOperator<ApiMessage> amend) {
    public static final Verdict ALLOW = new Verdict(null, UnaryOperator.identity());

    public static Verdict refuse(ApiException refusal) {
        return new Verdict(refusal, UnaryOperator.identity());
    }

    public static Verdict allowIf(boolean allowed, ApiException refusal) {
        return allowed ? ALLOW : refuse(refusal);
    }

    @SuppressWarnings("unchecked")
    public static <R extends ApiMessage> Verdict amend(Class<R> type, UnaryOperator<R> amend) {
        return new Verdict(null, response -> type.isInstance(response) ? amend.apply((R) response) : response);
    }
}
