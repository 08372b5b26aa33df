package dev.voltstream.broker.security.authz;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

import dev.voltstream.broker.network.CloseConnectionException;
import dev.voltstream.broker.network.RequestProcessor;
import dev.voltstream.broker.protocol.KafkaRequest;
import dev.voltstream.broker.security.PrincipalResolver;

/**
 * Authorises every request before its handler sees it (Kafka's KafkaApis checks, kept out of the handlers): runs the
 * API's {@link ApiAuthorization}, answers a refused request with the API's own error response (every part carrying
 * the error), and otherwise passes what is left of the request on and amends the response. An API without an
 * authorization of its own needs ALTER on the cluster. acks=0 produce that is refused closes the connection, as
 * Kafka does. ApiVersions and the SASL exchange (SaslHandshake, SaslAuthenticate: the connection's authentication,
 * before it has a principal, and its re-authentication) are never checked, as in Kafka.
 */
public final class AuthorizingProcessor implements RequestProcessor {
    private static final Set<ApiKeys> UNCHECKED = EnumSet.of(ApiKeys.API_VERSIONS, ApiKeys.SASL_HANDSHAKE,
            ApiKeys.SASL_AUTHENTICATE);
    private final RequestProcessor next;
    private final AclAuthorizer authorizer;
    private final PrincipalResolver principals;
    private final ApiAuthorizations rules;

    public AuthorizingProcessor(RequestProcessor next, AclAuthorizer authorizer, PrincipalResolver principals,
                                ApiAuthorizations rules) {
        this.next = next;
        this.authorizer = authorizer;
        this.principals = principals;
        this.rules = rules;
    }

    @Override
    public CompletionStage<ApiMessage> process(KafkaRequest request) {
        ApiKeys api = request.context().apiKey();
        if (request.body() == null || UNCHECKED.contains(api)) {
            return next.process(request);
        }
        KafkaPrincipal principal = principals.principal(request.context());
        RequestAccess access = new RequestAccess(authorizer, principal, request.context().clientAddress());
        ApiAuthorization<ApiMessage> rule = rules.get(api);
        Verdict verdict = rule != null ? rule.check(access, request.body().data())
                : Verdict.allowIf(access.cluster(AclOperation.ALTER),
                new ClusterAuthorizationException("Cluster authorization failed."));
        if (verdict.refusal() != null) {
            return refuse(request, verdict.refusal());
        }
        return next.process(request).thenApply(response -> response == null ? null : verdict.amend().apply(response));
    }

    private static CompletionStage<ApiMessage> refuse(KafkaRequest request, ApiException refusal) {
        if (request.body().data() instanceof ProduceRequestData produce && produce.acks() == 0) {
            return CompletableFuture.failedFuture(new CloseConnectionException(
                    "acks=0 produce refused: " + refusal.getMessage()));
        }
        return CompletableFuture.completedFuture(request.body().getErrorResponse(0, refusal).data());
    }
}
