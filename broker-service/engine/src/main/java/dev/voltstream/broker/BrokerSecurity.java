package dev.voltstream.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.security.auth.SecurityProtocol;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.config.Listener;
import dev.voltstream.broker.security.ListenerSecurity;
import dev.voltstream.broker.security.SecurityProtocolMap;
import dev.voltstream.broker.handler.AlterUserScramCredentialsHandler;
import dev.voltstream.broker.handler.ApiHandler;
import dev.voltstream.broker.handler.DescribeUserScramCredentialsHandler;
import dev.voltstream.broker.handler.SaslAuthenticateHandler;
import dev.voltstream.broker.handler.SaslHandshakeHandler;
import dev.voltstream.broker.security.SaslSessions;
import dev.voltstream.broker.security.scram.ReplicatedScramCredentials;
import dev.voltstream.broker.security.scram.ScramBootstrap;
import dev.voltstream.broker.security.scram.ScramCredentialStore;

/**
 * The broker's security parts: the SCRAM credential store (on a single node kept in the metadata directory, in
 * cluster mode in the metadata log), the SASL
 * sessions of open connections, and the security of each listener; plus the handlers of the SASL and SCRAM APIs.
 */
public final class BrokerSecurity {
    private final BrokerConfig config;
    private final ScramCredentialStore scram;
    private final SaslSessions sessions = new SaslSessions();

    private BrokerSecurity(BrokerConfig config, ScramCredentialStore scram) {
        this.config = config;
        this.scram = scram;
    }

    /**
     * A single node: loads the credentials from {@code metadataDir} and creates the bootstrap ones
     * ({@value ScramBootstrap#CONFIG}).
     */
    public static BrokerSecurity start(BrokerConfig config, Path metadataDir) throws IOException {
        BrokerSecurity security = new BrokerSecurity(config, ScramCredentialStore.load(metadataDir));
        security.bootstrapCredentials();
        return security;
    }

    /**
     * Cluster mode: the credentials are the metadata log's; {@link #bootstrapCredentials} once the broker is
     * registered (the quorum must be there to take them).
     */
    public static BrokerSecurity clustered(BrokerConfig config, ReplicatedScramCredentials cluster) {
        return new BrokerSecurity(config, ScramCredentialStore.replicated(cluster));
    }

    /**
     * Creates the credentials of {@value ScramBootstrap#CONFIG} that do not exist yet (Kafka's {@code kafka-storage
     * format --add-scram}); in cluster mode every broker proposes its own, and the metadata log keeps the first of
     * each user and mechanism.
     */
    public void bootstrapCredentials() throws IOException {
        String bootstrap = config.getString(ScramBootstrap.CONFIG, "");
        if (!bootstrap.isEmpty()) {
            ScramBootstrap.apply(bootstrap, scram);
        }
    }

    /** How {@code listener} secures its connections. */
    public ListenerSecurity listener(Listener listener) {
        return ListenerSecurity.from(config, listener.name(), scram);
    }

    /** The security protocol {@code listener} speaks. */
    public SecurityProtocol protocolOf(Listener listener) {
        return new SecurityProtocolMap(config).protocolOf(listener.name());
    }

    public SaslSessions sessions() {
        return sessions;
    }

    public ScramCredentialStore scram() {
        return scram;
    }

    /** SaslHandshake, SaslAuthenticate, AlterUserScramCredentials and DescribeUserScramCredentials. */
    public List<ApiHandler<?>> apis() {
        return List.of(new SaslHandshakeHandler(sessions), new SaslAuthenticateHandler(sessions),
                new AlterUserScramCredentialsHandler(scram),
                new DescribeUserScramCredentialsHandler(scram));
    }
}
