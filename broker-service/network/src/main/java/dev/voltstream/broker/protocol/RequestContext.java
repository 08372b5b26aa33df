package dev.voltstream.broker.protocol;

import java.net.InetAddress;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Who sent a request and how: the parsed header plus the connection it arrived on, the listener's security protocol
 * and the principal the connection authenticated as ({@link KafkaPrincipal#ANONYMOUS} on PLAINTEXT, on SSL without a
 * client certificate, and before a SASL connection has authenticated).
 */
public record RequestContext(RequestHeader header, String connectionId, InetAddress clientAddress, String listenerName,
                             KafkaPrincipal principal, SecurityProtocol securityProtocol) {

    /** A request on a PLAINTEXT listener, from the anonymous principal. */
    public RequestContext(RequestHeader header, String connectionId, InetAddress clientAddress, String listenerName) {
        this(header, connectionId, clientAddress, listenerName, KafkaPrincipal.ANONYMOUS, SecurityProtocol.PLAINTEXT);
    }

    /** The same request, as sent by {@code authenticated}. */
    public RequestContext withPrincipal(KafkaPrincipal authenticated) {
        return new RequestContext(header, connectionId, clientAddress, listenerName, authenticated, securityProtocol);
    }

    public ApiKeys apiKey() {
        return header.apiKey();
    }

    public short apiVersion() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId();
    }
}
