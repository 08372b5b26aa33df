package dev.voltstream.broker.network;

import java.util.HashMap;
import java.util.Map;

import dev.voltstream.broker.config.BrokerConfig;

/**
 * What the listener allows one client, and all of them together, under Kafka's property names.
 *
 * @param maxFrameBytes           {@code socket.request.max.bytes}: the largest request frame
 * @param maxNonProduceFrameBytes {@code non.produce.request.max.bytes} (ours): the largest frame of any other API than
 *                                Produce. Parsed requests take several times their frame in objects (an empty
 *                                string in a frame costs one byte, as a Java object forty), and only Produce carries
 *                                bulk data
 * @param maxParsedBytes          {@code request.max.parsed.bytes} (ours): the most heap one request may take once
 *                                parsed (estimated while parsing); above it the connection is closed
 * @param queuedMaxRequestBytes   {@code queued.max.request.bytes}: bytes of requests read but not yet answered, over
 *                                all connections; above it the broker stops reading (Kafka's memory pool)
 * @param maxConnections          {@code max.connections}: connections open at once
 * @param maxConnectionsPerIp     {@code max.connections.per.ip}
 * @param perIpOverrides          {@code max.connections.per.ip.overrides}: {@code host:count,...}
 * @param idleMs                  {@code connections.max.idle.ms}: a connection with no traffic this long is closed
 * @param partialRequestTimeoutMs {@code socket.partial.request.timeout.ms} (ours): a request frame begun but not
 *                                completed within this time closes the connection
 * @param maxInFlightPerConnection requests read from one connection and not yet answered before it stops being read
 */
public record NetworkLimits(int maxFrameBytes, int maxNonProduceFrameBytes, long maxParsedBytes,
                            long queuedMaxRequestBytes, int maxConnections,
                            int maxConnectionsPerIp, Map<String, Integer> perIpOverrides, long idleMs,
                            long partialRequestTimeoutMs, int maxInFlightPerConnection) {

    public NetworkLimits {
        perIpOverrides = Map.copyOf(perIpOverrides);
    }

    public static NetworkLimits from(BrokerConfig c) {
        Map<String, Integer> overrides = new HashMap<>();
        for (String entry : c.getString("max.connections.per.ip.overrides", "").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("Invalid max.connections.per.ip.overrides entry '" + entry
                        + "': expected host:count");
            }
            try {
                // resolved once here, as Kafka does: no name lookup on the network threads per connection
                String address = java.net.InetAddress.getByName(entry.substring(0, colon).trim()).getHostAddress();
                overrides.put(address, Integer.parseInt(entry.substring(colon + 1).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid max.connections.per.ip.overrides entry '" + entry
                        + "': the count is not a number");
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("Invalid max.connections.per.ip.overrides entry '" + entry
                        + "': unknown host");
            }
        }
        int maxFrame = c.socketRequestMaxBytes();
        return new NetworkLimits(maxFrame, Math.min(maxFrame, c.getInt("non.produce.request.max.bytes", 1 << 20)),
                c.getLong("request.max.parsed.bytes", 16L * 1024 * 1024),
                c.getLong("queued.max.request.bytes", 100L * 1024 * 1024),
                c.getInt("max.connections", 10_000),
                c.getInt("max.connections.per.ip", Integer.MAX_VALUE),
                overrides,
                c.getLong("connections.max.idle.ms", 600_000),
                c.getLong("socket.partial.request.timeout.ms", 30_000),
                64);
    }

    /** The connection limit of one client address: its override, else {@code max.connections.per.ip}. */
    public int limitFor(java.net.InetAddress address) {
        if (address == null) {
            return maxConnectionsPerIp;
        }
        Integer byIp = perIpOverrides.get(address.getHostAddress());
        return byIp != null ? byIp : maxConnectionsPerIp;
    }
}
