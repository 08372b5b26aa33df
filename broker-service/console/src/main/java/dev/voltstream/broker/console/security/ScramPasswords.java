package dev.voltstream.broker.console.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * Checks a password against stored SCRAM credentials as RFC 5802 derives them: SaltedPassword = Hi(password, salt,
 * iterations), ClientKey = HMAC(SaltedPassword, "Client Key"), StoredKey = H(ClientKey); the password is right when
 * the StoredKey it gives equals the stored one (compared in constant time). Kafka's {@link ScramFormatter} does the
 * arithmetic, as in its SCRAM server.
 */
final class ScramPasswords {
    private ScramPasswords() {
    }

    /** True when {@code password} matches any of {@code credentials} (a user may have SHA-256 and SHA-512 ones). */
    static boolean matches(String password, Map<ScramMechanism, ScramCredential> credentials) {
        for (Map.Entry<ScramMechanism, ScramCredential> entry : credentials.entrySet()) {
            if (matches(password, entry.getKey(), entry.getValue())) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String password, ScramMechanism mechanism, ScramCredential credential) {
        if (password.isEmpty()) {
            return false; // an HMAC key cannot be empty, and Kafka's clients refuse an empty password too
        }
        try {
            ScramFormatter formatter = new ScramFormatter(mechanism);
            byte[] salted = formatter.saltedPassword(password, credential.salt(), credential.iterations());
            byte[] storedKey = formatter.storedKey(formatter.clientKey(salted));
            return MessageDigest.isEqual(storedKey, credential.storedKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SCRAM " + mechanism.mechanismName() + " is not available", e);
        }
    }
}
