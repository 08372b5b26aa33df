package dev.voltstream.broker.handler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.requests.ApiError;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.security.scram.ScramCredentialAlteration;
import dev.voltstream.broker.security.scram.ScramCredentialStore;

/**
 * AlterUserScramCredentials ({@code kafka-configs.sh --entity-type users --alter --add-config 'SCRAM-SHA-512=[...]'}):
 * adds, replaces and deletes SCRAM credentials, each user's result Kafka's. In cluster mode the accepted changes go
 * through the metadata log as one record, and the answer waits until it is applied on this broker; when the quorum
 * does not take them, every accepted user gets its error (e.g. REQUEST_TIMED_OUT).
 */
public final class AlterUserScramCredentialsHandler implements ApiHandler<AlterUserScramCredentialsRequestData> {
    private final ScramCredentialStore store;

    public AlterUserScramCredentialsHandler(ScramCredentialStore store) {
        this.store = store;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_USER_SCRAM_CREDENTIALS;
    }

    @Override
    public CompletionStage<AlterUserScramCredentialsResponseData> handle(RequestContext context,
                                                                        AlterUserScramCredentialsRequestData request) {
        AlterUserScramCredentialsResponseData response = new AlterUserScramCredentialsResponseData();
        ScramCredentialAlteration alteration = ScramCredentialAlteration.of(request, store);
        if (!alteration.changes().isEmpty()) {
            try {
                store.apply(alteration.changes());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write SCRAM credentials", e);
            } catch (ApiException e) {
                ApiError error = ApiError.fromThrowable(e);
                Set<String> accepted = new HashSet<>();
                alteration.changes().forEach(c -> accepted.add(c.user()));
                for (AlterUserScramCredentialsResult result : alteration.results()) {
                    if (accepted.contains(result.user())) {
                        result.setErrorCode(error.error().code()).setErrorMessage(error.message());
                    }
                }
            }
        }
        response.setResults(alteration.results());
        return CompletableFuture.completedFuture(response);
    }
}
