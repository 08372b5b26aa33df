package dev.voltstream.broker.handler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.security.scram.ScramCredentialAlteration;
import dev.voltstream.broker.security.scram.ScramCredentialStore;

/**
 * AlterUserScramCredentials ({@code kafka-configs.sh --entity-type users --alter --add-config 'SCRAM-SHA-512=[...]'}):
 * adds, replaces and deletes SCRAM credentials, each user's result Kafka's. Cluster mode does not replicate
 * credentials yet, so there every user gets UNSUPPORTED_VERSION with a message saying so.
 */
public final class AlterUserScramCredentialsHandler implements ApiHandler<AlterUserScramCredentialsRequestData> {
    static final String CLUSTER_MODE = "SCRAM credentials are not replicated in cluster mode yet: only a single-node "
            + "broker keeps them";

    private final ScramCredentialStore store;
    private final boolean clustered;

    public AlterUserScramCredentialsHandler(ScramCredentialStore store, boolean clustered) {
        this.store = store;
        this.clustered = clustered;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_USER_SCRAM_CREDENTIALS;
    }

    @Override
    public CompletionStage<AlterUserScramCredentialsResponseData> handle(RequestContext context,
                                                                        AlterUserScramCredentialsRequestData request) {
        AlterUserScramCredentialsResponseData response = new AlterUserScramCredentialsResponseData();
        if (clustered) {
            request.deletions().forEach(d -> response.results().add(refused(d.name())));
            request.upsertions().forEach(u -> response.results().add(refused(u.name())));
            return CompletableFuture.completedFuture(response);
        }
        ScramCredentialAlteration alteration = ScramCredentialAlteration.of(request, store);
        try {
            store.apply(alteration.changes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write SCRAM credentials", e);
        }
        response.setResults(alteration.results());
        return CompletableFuture.completedFuture(response);
    }

    private static AlterUserScramCredentialsResult refused(String user) {
        return new AlterUserScramCredentialsResult().setUser(user).setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                .setErrorMessage(CLUSTER_MODE);
    }
}
