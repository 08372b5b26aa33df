package dev.voltstream.broker.security.scram;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialDeletion;
import org.apache.kafka.common.message.AlterUserScramCredentialsRequestData.ScramCredentialUpsertion;
import org.apache.kafka.common.message.AlterUserScramCredentialsResponseData.AlterUserScramCredentialsResult;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * Checks one AlterUserScramCredentials request as Kafka's ScramControlManager does: a user altered twice is
 * DUPLICATE_RESOURCE, an empty name or too few/many iterations UNACCEPTABLE_CREDENTIAL, an unknown mechanism
 * UNSUPPORTED_SASL_MECHANISM, deleting a credential that does not exist RESOURCE_NOT_FOUND. The client sends the salted
 * password; the stored and server keys are derived from it here, so the password never reaches the broker.
 */
public final class ScramCredentialAlteration {
    /** Kafka's ScramControlManager.MAX_ITERATIONS. */
    static final int MAX_ITERATIONS = 16384;

    private final List<ScramCredentialStore.Change> changes = new ArrayList<>();
    private final List<AlterUserScramCredentialsResult> results = new ArrayList<>();

    private ScramCredentialAlteration() {
    }

    public static ScramCredentialAlteration of(AlterUserScramCredentialsRequestData request,
                                               ScramCredentialStore store) {
        ScramCredentialAlteration alteration = new ScramCredentialAlteration();
        Map<String, ScramCredentialStore.Change> accepted = new LinkedHashMap<>();
        Map<String, ApiError> errors = new HashMap<>();
        for (ScramCredentialDeletion deletion : request.deletions()) {
            String user = deletion.name();
            if (!firstMention(user, accepted, errors)) {
                continue;
            }
            ScramMechanism mechanism = mechanism(deletion.mechanism());
            ApiError error = validate(user, mechanism);
            if (error.isFailure()) {
                errors.put(user, error);
            } else if (!store.credentials(user).containsKey(mechanism)) {
                errors.put(user, new ApiError(Errors.RESOURCE_NOT_FOUND,
                        "Attempt to delete a user credential that does not exist"));
            } else {
                accepted.put(user, new ScramCredentialStore.Change(user, mechanism, null));
            }
        }
        for (ScramCredentialUpsertion upsertion : request.upsertions()) {
            String user = upsertion.name();
            if (!firstMention(user, accepted, errors)) {
                continue;
            }
            ScramMechanism mechanism = mechanism(upsertion.mechanism());
            ApiError error = validate(user, mechanism);
            if (error.isFailure()) {
                errors.put(user, error);
            } else if (upsertion.iterations() < mechanism.minIterations()) {
                errors.put(user, new ApiError(Errors.UNACCEPTABLE_CREDENTIAL, "Too few iterations"));
            } else if (upsertion.iterations() > MAX_ITERATIONS) {
                errors.put(user, new ApiError(Errors.UNACCEPTABLE_CREDENTIAL, "Too many iterations"));
            } else {
                accepted.put(user, new ScramCredentialStore.Change(user, mechanism,
                        credential(mechanism, upsertion)));
            }
        }
        accepted.forEach((user, change) -> {
            alteration.changes.add(change);
            alteration.results.add(new AlterUserScramCredentialsResult().setUser(user)
                    .setErrorCode(Errors.NONE.code()));
        });
        errors.forEach((user, error) -> alteration.results.add(new AlterUserScramCredentialsResult().setUser(user)
                .setErrorCode(error.error().code()).setErrorMessage(error.message())));
        return alteration;
    }

    /** What to apply to the store. */
    public List<ScramCredentialStore.Change> changes() {
        return changes;
    }

    /** One result per user of the request. */
    public List<AlterUserScramCredentialsResult> results() {
        return results;
    }

    /** A credential from what a client sends: salt, salted password and iterations (Kafka's finishUpsertion). */
    public static ScramCredential credential(ScramMechanism mechanism, ScramCredentialUpsertion upsertion) {
        try {
            ScramFormatter formatter = new ScramFormatter(mechanism);
            byte[] salted = upsertion.saltedPassword();
            return new ScramCredential(upsertion.salt(), formatter.storedKey(formatter.clientKey(salted)),
                    formatter.serverKey(salted), upsertion.iterations());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("Cannot derive a " + mechanism.mechanismName() + " credential", e);
        }
    }

    private static ScramMechanism mechanism(byte type) {
        org.apache.kafka.clients.admin.ScramMechanism admin = org.apache.kafka.clients.admin.ScramMechanism
                .fromType(type);
        return admin == org.apache.kafka.clients.admin.ScramMechanism.UNKNOWN ? null
                : ScramMechanism.forMechanismName(admin.mechanismName());
    }

    private static ApiError validate(String user, ScramMechanism mechanism) {
        if (user.isEmpty()) {
            return new ApiError(Errors.UNACCEPTABLE_CREDENTIAL, "Username must not be empty");
        }
        if (mechanism == null) {
            return new ApiError(Errors.UNSUPPORTED_SASL_MECHANISM, "Unknown SCRAM mechanism");
        }
        return ApiError.NONE;
    }

    /**
     * Whether this is the first alteration of {@code user} in the request; a second one turns the first into
     * DUPLICATE_RESOURCE, and a user already refused stays refused.
     */
    private static boolean firstMention(String user, Map<String, ScramCredentialStore.Change> accepted,
                                        Map<String, ApiError> errors) {
        if (errors.containsKey(user)) {
            return false;
        }
        if (accepted.remove(user) != null) {
            errors.put(user, new ApiError(Errors.DUPLICATE_RESOURCE,
                    "A user credential cannot be altered twice in the same request"));
            return false;
        }
        return true;
    }
}
