package dev.voltstream.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.junit.jupiter.api.Test;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.security.scram.ScramCredentialStore;

/** The per-connection SASL state machine: order, mechanisms, failures, bounds and re-authentication. */
class SaslSessionTest {
    private final AtomicLong now = new AtomicLong(1_000);

    private SaslSession session(long reauthMs) {
        BrokerConfig config = new BrokerConfig(Map.of("listeners", "SASL_PLAINTEXT://127.0.0.1:0",
                "log.dirs", Path.of("/tmp/unused").toString(),
                "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256",
                "connections.max.reauth.ms", Long.toString(reauthMs),
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_bob=\"bob-secret\" "
                        + "user_eve=\"eve-secret\";"));
        ListenerSecurity listener = ListenerSecurity.from(config, "SASL_PLAINTEXT", ScramCredentialStore.inMemory());
        return new SaslSession(listener, InetAddress.getLoopbackAddress(), Optional.empty(), now::get);
    }

    private static byte[] plain(String user, String password) {
        return ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainLoginAuthenticatesTheUser() {
        SaslSession s = session(0);
        assertThat(s.authenticated()).isFalse();
        assertThat(s.handshake("PLAIN")).isEqualTo(Errors.NONE);
        SaslSession.Step step = s.authenticate(plain("bob", "bob-secret"));
        assertThat(step.error()).isEqualTo(Errors.NONE);
        assertThat(step.sessionLifetimeMs()).isZero();
        assertThat(s.authenticated()).isTrue();
        assertThat(s.principal()).isEqualTo(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "bob"));
    }

    @Test
    void wrongPasswordFailsTheSessionForGood() {
        SaslSession s = session(0);
        s.handshake("PLAIN");
        SaslSession.Step step = s.authenticate(plain("bob", "nope"));
        assertThat(step.error()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED);
        assertThat(step.message()).isEqualTo("Authentication failed: Invalid username or password");
        assertThat(s.state()).isEqualTo(SaslSession.State.FAILED);
        assertThat(s.authenticate(plain("bob", "bob-secret")).error()).isEqualTo(Errors.ILLEGAL_SASL_STATE);
        assertThat(s.authenticated()).isFalse();
    }

    @Test
    void outOfOrderAndUnsupportedRequestsFail() {
        SaslSession early = session(0);
        assertThat(early.authenticate(plain("bob", "bob-secret")).error()).isEqualTo(Errors.ILLEGAL_SASL_STATE);
        SaslSession gssapi = session(0);
        assertThat(gssapi.handshake("GSSAPI")).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM);
        assertThat(gssapi.state()).isEqualTo(SaslSession.State.FAILED);
        SaslSession twice = session(0);
        twice.handshake("PLAIN");
        assertThat(twice.handshake("PLAIN")).isEqualTo(Errors.ILLEGAL_SASL_STATE);
    }

    @Test
    void malformedAndOversizedTokensFailWithoutThrowing() {
        SaslSession garbage = session(0);
        garbage.handshake("PLAIN");
        assertThat(garbage.authenticate(new byte[] {1, 2, 3}).error()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED);
        SaslSession scram = session(0);
        scram.handshake("SCRAM-SHA-256");
        assertThat(scram.authenticate("not a scram message".getBytes(StandardCharsets.UTF_8)).error())
                .isEqualTo(Errors.SASL_AUTHENTICATION_FAILED);
        SaslSession huge = session(0);
        huge.handshake("PLAIN");
        assertThat(huge.authenticate(new byte[SaslSession.MAX_TOKEN_BYTES + 1]).error())
                .isEqualTo(Errors.SASL_AUTHENTICATION_FAILED);
    }

    @Test
    void sessionsExpireAndReauthenticateAsTheSamePrincipalOnly() {
        SaslSession s = session(10_000);
        s.handshake("PLAIN");
        assertThat(s.authenticate(plain("bob", "bob-secret")).sessionLifetimeMs()).isEqualTo(10_000);
        now.addAndGet(10_000);
        assertThat(s.authenticated()).isFalse();
        assertThat(s.expired()).isTrue();
        assertThat(s.handshake("PLAIN")).isEqualTo(Errors.NONE);
        assertThat(s.authenticate(plain("bob", "bob-secret")).error()).isEqualTo(Errors.NONE);
        assertThat(s.authenticated()).isTrue();

        now.addAndGet(5_000);
        assertThat(s.handshake("PLAIN")).isEqualTo(Errors.NONE);
        SaslSession.Step other = s.authenticate(plain("eve", "eve-secret"));
        assertThat(other.error()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED);
        assertThat(other.message()).contains("Cannot change principals");
        assertThat(s.authenticated()).isFalse();
    }

    @Test
    void withoutReauthenticationASecondHandshakeIsIllegal() {
        SaslSession s = session(0);
        s.handshake("PLAIN");
        s.authenticate(plain("bob", "bob-secret"));
        assertThat(s.handshake("PLAIN")).isEqualTo(Errors.ILLEGAL_SASL_STATE);
        assertThat(s.authenticated()).isTrue();
    }

    @Test
    void anOAuthBearerSessionEndsWithItsTokenWhenThatComesBeforeTheReauthenticationTime() {
        now.set(System.currentTimeMillis()); // Kafka's token validator checks expiry on the real clock
        BrokerConfig config = new BrokerConfig(Map.of("listeners", "SASL_PLAINTEXT://127.0.0.1:0",
                "log.dirs", Path.of("/tmp/unused").toString(),
                "sasl.enabled.mechanisms", "OAUTHBEARER",
                "connections.max.reauth.ms", "60000",
                "listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ;"));
        ListenerSecurity listener = ListenerSecurity.from(config, "SASL_PLAINTEXT", ScramCredentialStore.inMemory());
        SaslSession s = new SaslSession(listener, InetAddress.getLoopbackAddress(), Optional.empty(), now::get);

        assertThat(s.handshake("OAUTHBEARER")).isEqualTo(Errors.NONE);
        long expiresAtSeconds = now.get() / 1000 + 5;
        SaslSession.Step step = s.authenticate(bearer(unsignedJwt("dev", expiresAtSeconds)));
        assertThat(step.error()).as(step.message()).isEqualTo(Errors.NONE);
        assertThat(s.principal()).isEqualTo(new KafkaPrincipal(KafkaPrincipal.USER_TYPE, "dev"));
        assertThat(step.sessionLifetimeMs()).as("capped by the token's expiry, not 60 s").isBetween(3_000L, 5_000L);
    }

    /** Kafka's unsecured JWS (development tokens): {"alg":"none"}, the claims, an empty signature. */
    private static String unsignedJwt(String subject, long expiresAtSeconds) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"sub\":\"" + subject + "\",\"iat\":" + (expiresAtSeconds - 10)
                + ",\"exp\":" + expiresAtSeconds + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    /** The OAUTHBEARER client's first message (RFC 7628). */
    private static byte[] bearer(String token) {
        return ("n,,\u0001auth=Bearer " + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8);
    }
}
