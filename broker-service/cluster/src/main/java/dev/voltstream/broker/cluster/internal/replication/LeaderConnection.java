package dev.voltstream.broker.cluster.internal.replication;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

import javax.security.sasl.SaslClient;

import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractResponse;

import dev.voltstream.broker.security.InterBrokerSecurity;

/**
 * A blocking Kafka-protocol connection from a follower to a leader broker: one request at a time, encoded and decoded
 * with kafka-clients' generated messages. Owned by one fetcher thread. Secured as the {@link InterBrokerSecurity}
 * says: TLS around the socket, then a SASL login (SaslHandshake, SaslAuthenticate) before the first request, and
 * again before the session the leader granted ends (KIP-368: {@code connections.max.reauth.ms}).
 */
public final class LeaderConnection implements Closeable {
    /** Re-authenticate when this share of the session lifetime has passed (Kafka's clients: 85 % to 95 %). */
    private static final double REAUTH_AT = 0.85;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String clientId;
    private final String host;
    private final InterBrokerSecurity security;
    private int correlationId;
    /** When to log in again (System.nanoTime), or 0 when the session does not expire. */
    private long reauthenticateAt;

    public LeaderConnection(String host, int port, int readTimeoutMs, String clientId, InterBrokerSecurity security)
            throws IOException {
        this.clientId = clientId;
        this.host = host;
        this.security = security;
        Socket plain = new Socket();
        Socket connected = plain;
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), 2_000);
            plain.setSoTimeout(readTimeoutMs);
            connected = security.secure(plain, host, port);
            in = new DataInputStream(new java.io.BufferedInputStream(connected.getInputStream(), 64 * 1024));
            out = new DataOutputStream(new java.io.BufferedOutputStream(connected.getOutputStream(), 64 * 1024));
            socket = connected;
            if (security.usesSasl()) {
                authenticate();
            }
        } catch (IOException | RuntimeException e) {
            connected.close();
            plain.close();
            throw e;
        }
    }

    public ApiMessage call(ApiKeys api, short version, ApiMessage request) throws IOException {
        if (reauthenticateAt != 0 && System.nanoTime() - reauthenticateAt >= 0) {
            authenticate();
        }
        return send(api, version, request);
    }

    /**
     * Logs in with the broker's SASL mechanism and credentials: SaslHandshake v1, then SaslAuthenticate v2 until the
     * client is done; a refusal is the leader's SaslAuthenticationException.
     */
    private void authenticate() throws IOException {
        SaslHandshakeResponseData handshake = (SaslHandshakeResponseData) send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                new SaslHandshakeRequestData().setMechanism(security.mechanism()));
        if (handshake.errorCode() != Errors.NONE.code()) {
            throw Errors.forCode(handshake.errorCode()).exception("SASL mechanism " + security.mechanism()
                    + " refused by the leader; it enables " + handshake.mechanisms());
        }
        SaslClient client = security.newSaslClient(host);
        try {
            byte[] token = client.hasInitialResponse() ? client.evaluateChallenge(new byte[0]) : new byte[0];
            while (true) {
                SaslAuthenticateResponseData answer = (SaslAuthenticateResponseData) send(
                        ApiKeys.SASL_AUTHENTICATE, (short) 2, new SaslAuthenticateRequestData().setAuthBytes(token));
                if (answer.errorCode() != Errors.NONE.code()) {
                    throw Errors.forCode(answer.errorCode()).exception(answer.errorMessage());
                }
                if (!client.isComplete()) {
                    token = client.evaluateChallenge(answer.authBytes());
                }
                if (client.isComplete()) {
                    long lifetimeMs = answer.sessionLifetimeMs();
                    reauthenticateAt = lifetimeMs <= 0 ? 0
                            : System.nanoTime() + Math.max(1, (long) (lifetimeMs * REAUTH_AT * 1_000_000));
                    return;
                }
            }
        } finally {
            client.dispose();
        }
    }

    private ApiMessage send(ApiKeys api, short version, ApiMessage request) throws IOException {
        int id = ++correlationId;
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(version)
                .setClientId(clientId).setCorrelationId(id);
        ByteBuffer h = MessageUtil.toByteBufferAccessor(header, api.requestHeaderVersion(version)).buffer();
        ByteBuffer b = MessageUtil.toByteBufferAccessor(request, version).buffer();
        out.writeInt(h.remaining() + b.remaining());
        out.write(h.array(), h.arrayOffset() + h.position(), h.remaining());
        out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        out.flush();
        int size = in.readInt();
        byte[] body = new byte[size];
        in.readFully(body);
        ByteBuffer frame = ByteBuffer.wrap(body);
        ResponseHeaderData responseHeader = new ResponseHeaderData(new ByteBufferAccessor(frame),
                api.responseHeaderVersion(version));
        if (responseHeader.correlationId() != id) {
            throw new IOException("Expected correlation id " + id + " but got " + responseHeader.correlationId());
        }
        return AbstractResponse.parseResponse(api, new ByteBufferAccessor(frame), version).data();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
