package dev.voltstream.broker.protocol;

import java.net.InetAddress;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;

/**
 * Who sent a request and how: the parsed header plus the connection it arrived on, and the principal the connection
 * authenticated as ({@link KafkaPrincipal#ANONYMOUS} when it did not).
 */
public record RequestContext(RequestHeader header, String connectionId, InetAddress clientAddress, String listenerName,
                             KafkaPrincipal principal) {

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
