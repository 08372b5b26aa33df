package dev.voltstream.broker.console.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;

/**
 * The SCRAM logins the console has verified, so that a browser polling the API does not pay a PBKDF2 run (10–35 ms
 * at 4096–16384 iterations) per request. Per user it keeps the credentials it checked the password against (the
 * store's own objects: a changed or deleted credential is a different or no object, so the entry no longer applies)
 * and an HMAC of the password under a key made at start — never the password. Only successful logins are kept; at most
 * {@value #MAX_USERS} users, then it starts over.
 */
final class VerifiedLogins {
    static final int MAX_USERS = 1000;

    private record Entry(Map<ScramMechanism, ScramCredential> credentials, byte[] mac) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SecretKeySpec key;

    VerifiedLogins() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** Is {@code password} right for {@code user}, whose current credentials are {@code credentials}? */
    boolean matches(String user, String password, Map<ScramMechanism, ScramCredential> credentials) {
        byte[] mac = mac(password);
        Entry known = entries.get(user);
        if (known != null && known.credentials().equals(credentials) && MessageDigest.isEqual(known.mac(), mac)) {
            return true;
        }
        if (!ScramPasswords.matches(password, credentials)) {
            return false;
        }
        if (entries.size() >= MAX_USERS) {
            entries.clear();
        }
        entries.put(user, new Entry(Map.copyOf(credentials), mac));
        return true;
    }

    private byte[] mac(String password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
