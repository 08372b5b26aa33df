package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.message.DeleteAclsRequestData;
import org.apache.kafka.common.message.DeleteAclsRequestData.DeleteAclsFilter;
import org.apache.kafka.common.message.DeleteAclsResponseData;
import org.apache.kafka.common.message.DeleteAclsResponseData.DeleteAclsFilterResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.DeleteAclsResponse;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.security.authz.AclAuthorizer;
import dev.voltstream.broker.security.authz.AclBindings;

/** DeleteAcls: removes every ACL each filter matches, in one durable change, and lists what each filter removed. */
public final class DeleteAclsHandler implements ApiHandler<DeleteAclsRequestData> {
    private final AclAuthorizer authorizer;

    public DeleteAclsHandler(AclAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DELETE_ACLS;
    }

    @Override
    public CompletionStage<DeleteAclsResponseData> handle(RequestContext context, DeleteAclsRequestData request) {
        List<DeleteAclsFilterResult> results = new ArrayList<>();
        if (authorizer == null) {
            request.filters().forEach(f -> results.add(error(new ApiError(Errors.SECURITY_DISABLED,
                    "No Authorizer is configured."))));
            return CompletableFuture.completedFuture(new DeleteAclsResponseData().setFilterResults(results));
        }
        List<AclBindingFilter> filters = new ArrayList<>();
        try {
            for (DeleteAclsFilter data : request.filters()) {
                filters.add(AclBindings.filter(data));
            }
            List<List<AclBinding>> removed = authorizer.remove(filters);
            for (List<AclBinding> acls : removed) {
                DeleteAclsFilterResult result = new DeleteAclsFilterResult();
                acls.forEach(acl -> result.matchingAcls().add(DeleteAclsResponse.matchingAcl(acl, ApiError.NONE)));
                results.add(result);
            }
        } catch (RuntimeException e) {
            results.clear();
            request.filters().forEach(f -> results.add(error(ApiError.fromThrowable(e))));
        }
        return CompletableFuture.completedFuture(new DeleteAclsResponseData().setFilterResults(results));
    }

    private static DeleteAclsFilterResult error(ApiError error) {
        return new DeleteAclsFilterResult().setErrorCode(error.error().code()).setErrorMessage(error.message());
    }
}
