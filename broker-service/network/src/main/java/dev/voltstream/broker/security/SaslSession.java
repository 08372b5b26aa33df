package dev.voltstream.broker.security;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.LongSupplier;

import javax.net.ssl.SSLSession;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SaslAuthenticationContext;
import org.apache.kafka.common.security.authenticator.SaslInternalConfigs;


/**
 * The SASL state of one connection, as Kafka's SaslServerAuthenticator keeps it: a SaslHandshake picks the mechanism,
 * SaslAuthenticate exchanges its tokens until the server is complete, then the connection is authenticated as the
 * principal Kafka's principal builder names. A failed exchange, an unsupported mechanism or a request out of order
 * fails the session for good (the connection is answered, then closed). With {@code connections.max.reauth.ms} the
 * session expires; a client re-authenticates (KIP-368) with the same mechanism and principal before it does.
 */
public final class SaslSession {
    /** The largest token accepted: Kafka's default {@code sasl.server.max.receive.size}. */
    public static final int MAX_TOKEN_BYTES = 524_288;

    /** Where the exchange is. */
    public enum State { HANDSHAKE, AUTHENTICATE, COMPLETE, FAILED }

    /** The answer to one SaslAuthenticate: a token to send, or a failure message; lifetime 0 when none. */
    public record Step(Errors error, String message, byte[] token, long sessionLifetimeMs) {
    }

    private final ListenerSecurity listener;
    private final InetAddress clientAddress;
    private final Optional<SSLSession> tls;
    private final LongSupplier clock;
    private volatile State state = State.HANDSHAKE;
    private volatile KafkaPrincipal principal = KafkaPrincipal.ANONYMOUS;
    /** When the authenticated session ends (ms since the epoch); Long.MAX_VALUE without re-authentication. */
    private volatile long expiresAtMs = Long.MAX_VALUE;
    private SaslServer server;
    private String mechanism;
    /** The principal of the session being re-authenticated, null on the first authentication. */
    private KafkaPrincipal previous;

    public SaslSession(ListenerSecurity listener, InetAddress clientAddress, Optional<SSLSession> tls,
                       LongSupplier clock) {
        this.listener = listener;
        this.clientAddress = clientAddress;
        this.tls = tls;
        this.clock = clock;
    }

    public State state() {
        return state;
    }

    /** The authenticated principal ({@code User:ANONYMOUS} until then). */
    public KafkaPrincipal principal() {
        return principal;
    }

    /** Whether the connection may send requests other than ApiVersions, SaslHandshake and SaslAuthenticate now. */
    public boolean authenticated() {
        return state == State.COMPLETE && clock.getAsLong() < expiresAtMs;
    }

    /** Whether an authenticated session has run out without being re-authenticated. */
    public boolean expired() {
        return state == State.COMPLETE && clock.getAsLong() >= expiresAtMs;
    }

    public SaslMechanisms mechanisms() {
        return listener.sasl();
    }

    /** SaslHandshake: NONE, UNSUPPORTED_SASL_MECHANISM or ILLEGAL_SASL_STATE (the last two fail the session). */
    public synchronized Errors handshake(String requested) {
        switch (state) {
            case HANDSHAKE -> previous = null;
            case COMPLETE -> {
                if (listener.reauthMs() <= 0) {
                    return Errors.ILLEGAL_SASL_STATE;
                }
                previous = principal;
                if (!requested.equals(mechanism)) {
                    state = State.FAILED;
                    return Errors.UNSUPPORTED_SASL_MECHANISM;
                }
            }
            default -> {
                state = State.FAILED;
                return Errors.ILLEGAL_SASL_STATE;
            }
        }
        if (!listener.sasl().isEnabled(requested)) {
            state = State.FAILED;
            return Errors.UNSUPPORTED_SASL_MECHANISM;
        }
        disposeServer();
        mechanism = requested;
        server = listener.sasl().newServer(requested);
        state = State.AUTHENTICATE;
        return Errors.NONE;
    }

    /** SaslAuthenticate: evaluates one client token. */
    public synchronized Step authenticate(byte[] token) {
        if (state != State.AUTHENTICATE) {
            state = State.FAILED;
            return new Step(Errors.ILLEGAL_SASL_STATE, "Unexpected SaslAuthenticate request in state " + state, null,
                    0);
        }
        if (token == null || token.length > MAX_TOKEN_BYTES) {
            state = State.FAILED;
            return new Step(Errors.SASL_AUTHENTICATION_FAILED, "Invalid SASL token of "
                    + (token == null ? "no" : token.length) + " bytes (at most " + MAX_TOKEN_BYTES + ")", null, 0);
        }
        try {
            byte[] challenge = server.evaluateResponse(token);
            if (!server.isComplete()) {
                return new Step(Errors.NONE, null, challenge, 0);
            }
            KafkaPrincipal authenticated = listener.principals().build(new SaslAuthenticationContext(server,
                    listener.protocol(), clientAddress, listener.listenerName(), tls));
            if (previous != null && !previous.equals(authenticated)) {
                state = State.FAILED;
                return new Step(Errors.SASL_AUTHENTICATION_FAILED, "Cannot change principals during "
                        + "re-authentication from " + previous + " to " + authenticated, null, 0);
            }
            principal = authenticated;
            long lifetime = sessionLifetimeMs();
            expiresAtMs = lifetime > 0 ? clock.getAsLong() + lifetime : Long.MAX_VALUE;
            state = State.COMPLETE;
            disposeServer();
            return new Step(Errors.NONE, null, challenge == null ? new byte[0] : challenge, lifetime);
        } catch (SaslAuthenticationException e) {
            state = State.FAILED;
            return new Step(Errors.SASL_AUTHENTICATION_FAILED, e.getMessage(), null, 0);
        } catch (SaslException | RuntimeException e) {
            state = State.FAILED;
            return new Step(Errors.SASL_AUTHENTICATION_FAILED, "Authentication failed during authentication due to "
                    + "invalid credentials with SASL mechanism " + mechanism, null, 0);
        }
    }

    /**
     * As Kafka's SaslServerAuthenticator: with {@code connections.max.reauth.ms} the session lasts that long, or less
     * when the credential runs out sooner (an OAUTHBEARER token's expiry); without it, for the connection's life.
     */
    private long sessionLifetimeMs() {
        long reauth = listener.reauthMs();
        if (reauth <= 0) {
            return 0;
        }
        if (server.getNegotiatedProperty(SaslInternalConfigs.CREDENTIAL_LIFETIME_MS_SASL_NEGOTIATED_PROPERTY_KEY)
                instanceof Long expiresAtMs) {
            return Math.max(1, Math.min(reauth, expiresAtMs - clock.getAsLong()));
        }
        return reauth;
    }

    /** Frees the exchange's resources (the connection closed). */
    public synchronized void close() {
        disposeServer();
    }

    private void disposeServer() {
        if (server != null) {
            try {
                server.dispose();
            } catch (SaslException ignored) {
                // nothing is held that outlives the server
            }
            server = null;
        }
    }
}
