package dev.voltstream.broker.protocol;

import java.net.InetAddress;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;

/** Who sent a request and how: the parsed header plus the connection it arrived on. */
public record RequestContext(RequestHeader header, String connectionId, InetAddress clientAddress, String listenerName) {

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
