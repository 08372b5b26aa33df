package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.message.CreateAclsRequestData;
import org.apache.kafka.common.message.CreateAclsRequestData.AclCreation;
import org.apache.kafka.common.message.CreateAclsResponseData;
import org.apache.kafka.common.message.CreateAclsResponseData.AclCreationResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.security.authz.AclAuthorizer;
import dev.voltstream.broker.security.authz.AclBindings;

/**
 * CreateAcls: validates each ACL as Kafka does and adds the valid ones in one durable change; without an authorizer
 * every creation fails with SECURITY_DISABLED.
 */
public final class CreateAclsHandler implements ApiHandler<CreateAclsRequestData> {
    private final AclAuthorizer authorizer;

    /** {@code authorizer} null: no {@code authorizer.class.name} configured. */
    public CreateAclsHandler(AclAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.CREATE_ACLS;
    }

    @Override
    public CompletionStage<CreateAclsResponseData> handle(RequestContext context, CreateAclsRequestData request) {
        List<AclCreationResult> results = new ArrayList<>();
        List<AclBinding> valid = new ArrayList<>();
        List<AclCreationResult> validResults = new ArrayList<>();
        for (AclCreation creation : request.creations()) {
            AclCreationResult result = new AclCreationResult();
            results.add(result);
            if (authorizer == null) {
                set(result, new ApiError(Errors.SECURITY_DISABLED, "No Authorizer is configured."));
                continue;
            }
            try {
                valid.add(AclBindings.binding(creation));
                validResults.add(result);
            } catch (RuntimeException e) {
                set(result, ApiError.fromThrowable(e));
            }
        }
        if (!valid.isEmpty()) {
            try {
                authorizer.add(valid);
            } catch (RuntimeException e) {
                // not stored (the metadata quorum did not commit it, the disk failed): each creation fails
                ApiError error = ApiError.fromThrowable(e);
                validResults.forEach(r -> set(r, error));
            }
        }
        return CompletableFuture.completedFuture(new CreateAclsResponseData().setResults(results));
    }

    private static void set(AclCreationResult result, ApiError error) {
        result.setErrorCode(error.error().code()).setErrorMessage(error.message());
    }
}
