package dev.voltstream.broker.cluster;

import dev.voltstream.broker.cluster.internal.replication.LeaderConnection;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.voltstream.broker.metadata.BrokerNode;
import dev.voltstream.broker.metadata.ClusterView;
import dev.voltstream.broker.security.InterBrokerSecurity;

/**
 * Blocking Kafka-protocol requests from this broker to the others, for the transaction coordinator (markers,
 * verification, transactional offsets): one {@link LeaderConnection} per broker and client id, used by one caller at
 * a time, opened on first use to the address the metadata records and dropped on any failure (the next call
 * reconnects, possibly to the broker's new address).
 */
public final class BrokerChannels implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerChannels.class);
    private static final int READ_TIMEOUT_MS = 15_000;

    private final ClusterView cluster;
    private final InterBrokerSecurity security;
    private final Map<String, Channel> channels = new HashMap<>();
    private volatile boolean closed;

    private static final class Channel {
        private LeaderConnection connection;
        private String address;
    }

    /** Connections secured as {@code security} says (the broker listener's protocol, TLS and SASL settings). */
    public BrokerChannels(ClusterView cluster, InterBrokerSecurity security) {
        this.cluster = cluster;
        this.security = security;
    }

    /** Sends {@code request} to {@code brokerId} and waits for its response. */
    public ApiMessage call(int brokerId, String clientId, ApiKeys api, short version, ApiMessage request)
            throws IOException {
        Optional<BrokerNode> node = cluster.broker(brokerId, ClusterView.INTER_BROKER_LISTENER);
        if (node.isEmpty()) {
            throw new IOException("Broker " + brokerId + " is not registered, fenced, or has no endpoint on the "
                    + "inter-broker listener " + security.listenerName());
        }
        Channel channel;
        synchronized (channels) {
            if (closed) {
                throw new IOException("Closed");
            }
            channel = channels.computeIfAbsent(brokerId + "/" + clientId, k -> new Channel());
        }
        synchronized (channel) {
            String address = node.get().host() + ":" + node.get().port();
            if (channel.connection != null && !address.equals(channel.address)) {
                drop(channel);
            }
            if (channel.connection == null) {
                channel.connection = new LeaderConnection(node.get().host(), node.get().port(), READ_TIMEOUT_MS,
                        clientId, security);
                channel.address = address;
            }
            try {
                return channel.connection.call(api, version, request);
            } catch (IOException | RuntimeException e) {
                drop(channel);
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }

    private static void drop(Channel channel) {
        try {
            channel.connection.close();
        } catch (IOException e) {
            LOG.debug("Closing a broker channel: {}", e.toString());
        }
        channel.connection = null;
    }

    @Override
    public void close() {
        synchronized (channels) {
            closed = true;
            for (Channel channel : channels.values()) {
                synchronized (channel) {
                    if (channel.connection != null) {
                        drop(channel);
                    }
                }
            }
            channels.clear();
        }
    }
}
