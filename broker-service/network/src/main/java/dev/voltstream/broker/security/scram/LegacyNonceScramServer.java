package dev.voltstream.broker.security.scram;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

import org.apache.kafka.common.security.authenticator.CredentialCache;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ClientFirstMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFinalMessage;
import org.apache.kafka.common.security.scram.internals.ScramMessages.ServerFirstMessage;

/**
 * Kafka's SCRAM server ({@code delegate}, which checks everything as Kafka 4.1 does) that also accepts the
 * client-final-message of librdkafka before 2.6.1: that sends as its nonce its own client nonce followed by the
 * server-first-message's whole nonce (which already starts with the client nonce; librdkafka#4895), where RFC 5802
 * and Kafka 4.x require exactly the server-first-message's nonce. Kafka 3.8.1 to 3.9 accepted it too. Only that exact
 * nonce is let through here, and its proof is verified over the message as the client signed it; every other message
 * goes to Kafka's server unchanged. Turned on per listener by {@value #CONFIG} (default off, Kafka 4.1's behaviour).
 */
public final class LegacyNonceScramServer implements SaslServer {
    public static final String CONFIG = "voltstream.scram.accept.legacy.librdkafka.nonce";

    private final SaslServer delegate;
    private final ScramFormatter formatter;
    private final CredentialCache.Cache<ScramCredential> credentials;
    private ClientFirstMessage clientFirst;
    private ServerFirstMessage serverFirst;
    /** The user, once a legacy final message was verified here. */
    private String legacyUser;

    public LegacyNonceScramServer(SaslServer delegate, ScramMechanism mechanism,
                                  CredentialCache.Cache<ScramCredential> credentials) throws NoSuchAlgorithmException {
        this.delegate = delegate;
        this.formatter = new ScramFormatter(mechanism);
        this.credentials = credentials;
    }

    @Override
    public byte[] evaluateResponse(byte[] response) throws SaslException {
        if (clientFirst == null) {
            byte[] challenge = delegate.evaluateResponse(response);
            clientFirst = new ClientFirstMessage(response);
            serverFirst = new ServerFirstMessage(challenge);
            return challenge;
        }
        if (legacyUser == null && serverFirst != null && !clientFirst.extensions().tokenAuthenticated()) {
            ClientFinalMessage clientFinal = new ClientFinalMessage(response);
            if (clientFinal.nonce().equals(clientFirst.nonce() + serverFirst.nonce())) {
                return verifyLegacy(clientFinal);
            }
        }
        return delegate.evaluateResponse(response);
    }

    private byte[] verifyLegacy(ClientFinalMessage clientFinal) throws SaslException {
        String user = ScramFormatter.username(clientFirst.saslName());
        ScramCredential credential = credentials.get(user);
        if (credential == null) {
            throw new SaslException("Authentication failed: Invalid user credentials");
        }
        try {
            byte[] signature = formatter.clientSignature(credential.storedKey(), clientFirst, serverFirst,
                    clientFinal);
            if (!MessageDigest.isEqual(formatter.storedKey(signature, clientFinal.proof()),
                    credential.storedKey())) {
                throw new SaslException("Invalid client credentials");
            }
            byte[] serverSignature = formatter.serverSignature(credential.serverKey(), clientFirst, serverFirst,
                    clientFinal);
            legacyUser = user;
            return new ServerFinalMessage(null, serverSignature).toBytes();
        } catch (InvalidKeyException e) {
            throw new SaslException("Authentication failed: Invalid client credentials", e);
        }
    }

    @Override
    public String getMechanismName() {
        return delegate.getMechanismName();
    }

    @Override
    public boolean isComplete() {
        return legacyUser != null || delegate.isComplete();
    }

    @Override
    public String getAuthorizationID() {
        return legacyUser != null ? legacyUser : delegate.getAuthorizationID();
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) throws SaslException {
        return delegate.unwrap(incoming, offset, len);
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) throws SaslException {
        return delegate.wrap(outgoing, offset, len);
    }

    @Override
    public Object getNegotiatedProperty(String propName) {
        if (legacyUser != null) {
            return null;
        }
        return delegate.getNegotiatedProperty(propName);
    }

    @Override
    public void dispose() throws SaslException {
        delegate.dispose();
    }
}
