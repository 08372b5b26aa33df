package dev.voltstream.broker.handler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsRequestData.UserName;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.CredentialInfo;
import org.apache.kafka.common.message.DescribeUserScramCredentialsResponseData.DescribeUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.security.scram.ScramCredentialStore;

/**
 * DescribeUserScramCredentials: each user's mechanisms and iterations (never a key), every user when none is named;
 * RESOURCE_NOT_FOUND for a user without credentials and DUPLICATE_RESOURCE for one named twice, as Kafka's ScramImage.
 */
public final class DescribeUserScramCredentialsHandler implements ApiHandler<DescribeUserScramCredentialsRequestData> {
    private final ScramCredentialStore store;

    public DescribeUserScramCredentialsHandler(ScramCredentialStore store) {
        this.store = store;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS;
    }

    @Override
    public CompletionStage<DescribeUserScramCredentialsResponseData> handle(
            RequestContext context, DescribeUserScramCredentialsRequestData request) {
        Map<String, Boolean> users = new LinkedHashMap<>();
        if (request.users() == null || request.users().isEmpty()) {
            store.users().forEach(u -> users.put(u, false));
        } else {
            for (UserName user : request.users()) {
                users.put(user.name(), users.containsKey(user.name()));
            }
        }
        DescribeUserScramCredentialsResponseData response = new DescribeUserScramCredentialsResponseData();
        users.forEach((user, duplicate) -> {
            DescribeUserScramCredentialsResult result = new DescribeUserScramCredentialsResult().setUser(user);
            Map<ScramMechanism, ScramCredential> credentials = store.credentials(user);
            if (duplicate) {
                result.setErrorCode(Errors.DUPLICATE_RESOURCE.code()).setErrorMessage(
                        "Cannot describe SCRAM credentials for the same user twice in a single request: " + user);
            } else if (credentials.isEmpty()) {
                result.setErrorCode(Errors.RESOURCE_NOT_FOUND.code())
                        .setErrorMessage("Attempt to describe a user credential that does not exist: " + user);
            } else {
                List<CredentialInfo> infos = new ArrayList<>();
                credentials.forEach((mechanism, credential) -> infos.add(new CredentialInfo()
                        .setMechanism(org.apache.kafka.clients.admin.ScramMechanism
                                .fromMechanismName(mechanism.mechanismName()).type())
                        .setIterations(credential.iterations())));
                result.setCredentialInfos(infos);
            }
            response.results().add(result);
        });
        return CompletableFuture.completedFuture(response);
    }
}
