package dev.voltstream.broker.handler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeAclsResponse;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.security.authz.AclAuthorizer;
import dev.voltstream.broker.security.authz.AclBindings;

/** DescribeAcls: the ACLs matching the filter, grouped by resource pattern; SECURITY_DISABLED without an authorizer. */
public final class DescribeAclsHandler implements ApiHandler<DescribeAclsRequestData> {
    private final AclAuthorizer authorizer;

    public DescribeAclsHandler(AclAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_ACLS;
    }

    @Override
    public CompletionStage<DescribeAclsResponseData> handle(RequestContext context, DescribeAclsRequestData request) {
        DescribeAclsResponseData response = new DescribeAclsResponseData();
        if (authorizer == null) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.SECURITY_DISABLED.code())
                    .setErrorMessage("No Authorizer is configured."));
        }
        AclBindingFilter filter;
        try {
            filter = AclBindings.filter(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage(e.getMessage()));
        }
        return CompletableFuture.completedFuture(
                response.setResources(DescribeAclsResponse.aclsResources(authorizer.acls(filter))));
    }
}
