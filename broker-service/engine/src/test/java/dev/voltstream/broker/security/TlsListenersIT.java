package dev.voltstream.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.voltstream.broker.cluster.internal.replication.LeaderConnection;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.config.Listener;
import dev.voltstream.broker.testkit.TestBroker;
import dev.voltstream.broker.testkit.TlsMaterial;

/**
 * One broker with five listeners at once: PLAINTEXT, SSL with a PKCS12 key store, SSL with JKS, SSL with PEM key
 * material inline (served by the JDK's TLS engine, the others by OpenSSL), and mutual TLS (client certificate
 * required). Kafka's Java client connects over each; metadata
 * advertises each listener's own endpoint; plaintext to a TLS port, TLS to a plaintext port and an untrusted client
 * certificate are refused while the other clients carry on.
 */
class TlsListenersIT {
    @TempDir
    static Path dir;
    static TlsMaterial tls;
    static TestBroker broker;

    @BeforeAll
    static void start() throws Exception {
        tls = TlsMaterial.create(dir.resolve("tls"));
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "PLAINTEXT://127.0.0.1:0,SSL://127.0.0.1:0,JKS://127.0.0.1:0,PEM://127.0.0.1:0,"
                + "MTLS://127.0.0.1:0");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SSL:SSL,JKS:SSL,PEM:SSL,MTLS:SSL");
        config.put("num.network.threads", "1");
        config.put("ssl.keystore.type", "PKCS12");
        config.put("ssl.keystore.location", tls.serverKeystore().toString());
        config.put("ssl.keystore.password", TlsMaterial.PASSWORD);
        config.put("ssl.enabled.protocols", "TLSv1.2,TLSv1.3");
        config.put("listener.name.jks.ssl.keystore.type", "JKS");
        config.put("listener.name.jks.ssl.keystore.location", tls.serverJks().toString());
        config.put("listener.name.jks.ssl.key.password", TlsMaterial.PASSWORD);
        config.put("listener.name.pem.ssl.keystore.type", "PEM");
        config.put("listener.name.pem.ssl.keystore.location", "");
        config.put("listener.name.pem.ssl.keystore.password", "");
        config.put("listener.name.pem.ssl.keystore.certificate.chain", Files.readString(tls.serverCertificate()));
        config.put("listener.name.pem.ssl.keystore.key", Files.readString(tls.serverKeyPem()));
        config.put("listener.name.pem.voltstream.ssl.engine", "jdk");
        config.put("listener.name.mtls.ssl.client.auth", "required");
        config.put("listener.name.mtls.ssl.truststore.type", "PKCS12");
        config.put("listener.name.mtls.ssl.truststore.location", tls.serverTruststore().toString());
        config.put("listener.name.mtls.ssl.truststore.password", TlsMaterial.PASSWORD);
        broker = TestBroker.start(dir.resolve("logs"), config);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    static Map<String, Object> sslClient(String listener) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.broker().bootstrapServers(listener));
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SSL");
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.clientTruststore().toString());
        props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TlsMaterial.PASSWORD);
        return props;
    }

    static Admin admin(Map<String, Object> props) {
        Properties p = new Properties();
        p.putAll(props);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(p);
    }

    @Test
    void producesAndConsumesOverTls() throws Exception {
        try (Admin admin = admin(sslClient("SSL"))) {
            admin.createTopics(List.of(new NewTopic("tls-payments", 1, (short) 1))).all().get(15, TimeUnit.SECONDS);
        }
        Map<String, Object> producerProps = new HashMap<>(sslClient("SSL"));
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = broker.producer(producerProps)) {
            for (int i = 0; i < 200; i++) {
                producer.send(new ProducerRecord<>("tls-payments", "card-" + i, "x".repeat(2000) + i));
            }
            producer.flush();
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = broker.consumer(sslClient("SSL"))) {
            consumer.assign(List.of(new TopicPartition("tls-payments", 0)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (values.size() < 200 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        assertThat(values).hasSize(200);
        assertThat(values.get(199)).endsWith("x199");
    }

    @Test
    void metadataAdvertisesTheEndpointOfTheListenerAsked() throws Exception {
        assertThat(broker.broker().security().listener(new Listener("PEM", "", 0)).tls().engineName())
                .isEqualTo("jdk");
        for (String listener : List.of("SSL", "JKS", "PEM")) {
            try (Admin admin = admin(sslClient(listener))) {
                Collection<Node> nodes = admin.describeCluster().nodes().get(15, TimeUnit.SECONDS);
                assertThat(nodes).extracting(Node::port).as(listener)
                        .containsExactly(broker.broker().server(listener).port());
            }
        }
        Map<String, Object> plain = new HashMap<>();
        plain.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.broker().bootstrapServers("PLAINTEXT"));
        try (Admin admin = admin(plain)) {
            assertThat(admin.describeCluster().nodes().get(15, TimeUnit.SECONDS)).extracting(Node::port)
                    .containsExactly(broker.broker().server("PLAINTEXT").port());
        }
    }

    @Test
    void mutualTlsAcceptsATrustedClientCertificate() throws Exception {
        Map<String, Object> props = new HashMap<>(sslClient("MTLS"));
        props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PKCS12");
        props.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, tls.clientKeystore().toString());
        props.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, TlsMaterial.PASSWORD);
        try (Admin admin = admin(props)) {
            assertThat(admin.describeCluster().nodes().get(15, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void refusesAnUntrustedOrMissingClientCertificate() throws Exception {
        assertThatThrownBy(() -> exchangeOverTls(broker.broker().server("MTLS").port(), tls.strangerKeystore()))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> exchangeOverTls(broker.broker().server("MTLS").port(), null))
                .isInstanceOf(IOException.class);
        // while a trusted client carries on
        exchangeOverTls(broker.broker().server("MTLS").port(), tls.clientKeystore());
    }

    @Test
    void plaintextToATlsPortAndTlsToAPlaintextPortAreClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", broker.broker().server("SSL").port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(apiVersionsFrame());
            assertThat(readUntilClosed(socket.getInputStream())).isTrue();
        }
        assertThatThrownBy(() -> exchangeOverTls(broker.broker().server("PLAINTEXT").port(), null))
                .isInstanceOf(IOException.class);
        exchangeOverTls(broker.broker().server("SSL").port(), null);
    }

    /** A TLS connection that sends ApiVersions v0 and reads the answer's size: an IOException if refused. */
    private static void exchangeOverTls(int port, Path keystore) throws Exception {
        KeyManagerFactory kmf = null;
        if (keystore != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, TlsMaterial.PASSWORD.toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, TlsMaterial.PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.clientTruststore())) {
            trust.load(in, TlsMaterial.PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(apiVersionsFrame());
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] size = in.readNBytes(4);
            if (size.length < 4) {
                throw new IOException("closed by the broker");
            }
        }
    }

    /** Whether the peer closes the connection (rather than answering) within the socket timeout. */
    private static boolean readUntilClosed(InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        while (true) {
            int n = in.read(buf);
            if (n < 0) {
                return true;
            }
        }
    }

    /** ApiVersions v0, correlation id 1, client id "t". */
    static byte[] apiVersionsFrame() {
        byte[] body = {0, 18, 0, 0, 0, 0, 0, 1, 0, 1, 't'};
        byte[] frame = new byte[4 + body.length];
        frame[3] = (byte) body.length;
        System.arraycopy(body, 0, frame, 4, body.length);
        return frame;
    }
    /**
     * How a broker reaches another over mutual TLS ({@link InterBrokerSecurity}, {@link LeaderConnection}): its key
     * store is its client certificate and its trust store checks the other's certificate and host name. Without a
     * key store the MTLS listener drops it; with a trust store that does not hold the other's CA the handshake fails.
     */
    @Test
    void aBrokerReachesAnotherOverMutualTlsWithItsOwnKeyAndTrustStores() throws Exception {
        Map<String, String> follower = new HashMap<>();
        follower.put("ssl.keystore.location", tls.clientKeystore().toString());
        follower.put("ssl.keystore.password", TlsMaterial.PASSWORD);
        follower.put("ssl.truststore.location", tls.clientTruststore().toString());
        follower.put("ssl.truststore.password", TlsMaterial.PASSWORD);
        try (LeaderConnection leader = connectAsBroker(follower)) {
            assertThat(((MetadataResponseData) leader.call(ApiKeys.METADATA, (short) 12,
                    new MetadataRequestData().setTopics(List.of()))).brokers()).isNotEmpty();
        }
        Map<String, String> noCertificate = new HashMap<>(follower);
        noCertificate.remove("ssl.keystore.location");
        noCertificate.remove("ssl.keystore.password");
        assertThatThrownBy(() -> {
            try (LeaderConnection leader = connectAsBroker(noCertificate)) {
                leader.call(ApiKeys.METADATA, (short) 12, new MetadataRequestData().setTopics(List.of()));
            }
        }).isInstanceOf(IOException.class);
        Map<String, String> wrongCa = new HashMap<>(follower);
        wrongCa.put("ssl.truststore.location", tls.serverTruststore().toString());
        assertThatThrownBy(() -> connectAsBroker(wrongCa).close()).isInstanceOf(javax.net.ssl.SSLException.class);
    }

    private static LeaderConnection connectAsBroker(Map<String, String> follower) throws IOException {
        Map<String, String> config = new HashMap<>(follower);
        config.put("listeners", "MTLS://127.0.0.1:0");
        config.put("listener.security.protocol.map", "MTLS:SSL");
        String address = broker.broker().bootstrapServers("MTLS");
        return new LeaderConnection("127.0.0.1", Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)),
                5_000, "replica-9", InterBrokerSecurity.from(new BrokerConfig(config), "MTLS"));
    }
}
