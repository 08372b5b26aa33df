package dev.voltstream.broker.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.voltstream.broker.KafkaBroker;
import dev.voltstream.broker.config.BrokerConfig;

/**
 * An in-process broker with its console on free ports over a temporary log dir, plus an HTTP client (the JDK's)
 * and Kafka client factories for tests.
 */
final class ConsoleCluster implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, content type and body (parsed as JSON when it is JSON). */
    record Response(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON: " + body, e);
            }
        }
    }

    private final KafkaBroker broker;
    private final ConsoleServer console;
    private final HttpClient http;

    ConsoleCluster(Path logDir) throws Exception {
        this(logDir, Map.of(), null);
    }

    /** {@code extra}: broker properties over the defaults; {@code trust}: the TLS context of an HTTPS console. */
    ConsoleCluster(Path logDir, Map<String, String> extra, SSLContext trust) throws Exception {
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        http = (trust == null ? client : client.sslContext(trust)).build();
        Map<String, String> values = new HashMap<>();
        values.put("node.id", "1");
        values.put("listeners", "PLAINTEXT://127.0.0.1:0");
        values.put("log.dirs", Files.createDirectories(logDir).toString());
        values.put("num.io.threads", "4");
        values.put("num.network.threads", "2");
        values.put("group.initial.rebalance.delay.ms", "0");
        values.put(ConsoleConfig.LISTENER, "http://127.0.0.1:0");
        values.putAll(extra);
        BrokerConfig config = new BrokerConfig(values);
        broker = KafkaBroker.start(config);
        try {
            console = ConsoleServer.start(ConsoleConfig.from(config), broker);
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    KafkaBroker broker() {
        return broker;
    }

    String url() {
        return console.url();
    }

    Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).GET());
    }

    Response delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).DELETE());
    }

    Response post(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body))));
    }

    Response patch(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    Response send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /** The broker's {@code host:port}, for clients of a test's own. */
    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    KafkaProducer<String, String> producer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    KafkaConsumer<String, String> consumer(String groupId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    @Override
    public void close() {
        console.close();
        broker.close();
    }
}
