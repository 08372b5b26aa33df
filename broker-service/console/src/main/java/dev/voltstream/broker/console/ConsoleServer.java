package dev.voltstream.broker.console;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.Resource;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import dev.voltstream.broker.KafkaBroker;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.console.api.ClusterApi;
import dev.voltstream.broker.console.api.GroupsApi;
import dev.voltstream.broker.console.api.MessagesApi;
import dev.voltstream.broker.console.api.TopicsApi;
import dev.voltstream.broker.console.http.ProblemException;
import dev.voltstream.broker.console.http.Reply;
import dev.voltstream.broker.console.http.Router;
import dev.voltstream.broker.console.kafka.ClusterClients;
import dev.voltstream.broker.console.kafka.ClusterReader;
import dev.voltstream.broker.console.kafka.KafkaProblems;
import dev.voltstream.broker.console.metrics.PrometheusExporter;
import dev.voltstream.broker.console.metrics.ThroughputSampler;
import dev.voltstream.broker.console.security.ConsoleSecurity;
import dev.voltstream.broker.console.security.ConsoleTls;
import dev.voltstream.broker.console.security.ConsoleUser;
import dev.voltstream.broker.storage.LogManager;

/**
 * The console's HTTP server: {@code /api/*} (REST), {@code /metrics} (Prometheus), everything else the static UI.
 * It runs on the JDK's built-in server with its own small thread pool, and reaches the cluster only through Kafka
 * clients on the broker's listener, so it shares no thread or lock with the Kafka request path. On a secured broker
 * every request first logs in and each call is checked by the broker's authorizer ({@link ConsoleSecurity}); with
 * {@code console.listener=https://...} it serves HTTPS ({@link ConsoleTls}).
 * {@code try (ConsoleServer console = ConsoleServer.start(config, broker)) { ... console.url() ... }}
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final ClusterClients clients;
    private final ThroughputSampler throughput;
    private final Router router;
    private final PrometheusExporter exporter;
    private final String host;
    private final String scheme;
    private final ConsoleSecurity security;

    private ConsoleServer(HttpServer server, ExecutorService executor, ClusterClients clients,
                          ThroughputSampler throughput, Router router, PrometheusExporter exporter, String host,
                          String scheme, ConsoleSecurity security) {
        this.server = server;
        this.executor = executor;
        this.clients = clients;
        this.throughput = throughput;
        this.router = router;
        this.exporter = exporter;
        this.host = host;
        this.scheme = scheme;
        this.security = security;
    }

    public static ConsoleServer start(ConsoleConfig config, KafkaBroker broker) throws IOException {
        BrokerConfig brokerConfig = broker.components().config();
        ConsoleSecurity security = ConsoleSecurity.from(brokerConfig, broker);
        HttpsConfigurator tls = config.https() ? ConsoleTls.configurator(brokerConfig) : null;
        // bound first: a taken port or a bad key store fails before any thread or client exists
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        HttpServer server = tls != null ? HttpsServer.create(address, 64) : HttpServer.create(address, 64);
        if (server instanceof HttpsServer https) {
            https.setHttpsConfigurator(tls);
        }
        ClusterClients clients = new ClusterClients(broker.bootstrapServers(),
                ClusterClients.settings(brokerConfig.values()));
        ClusterReader reader = new ClusterReader(clients);
        ThroughputSampler throughput = new ThroughputSampler(broker.metrics());
        Router router = new Router();
        new ClusterApi(reader, throughput).register(router);
        LogManager logs = broker.components().logs();
        new TopicsApi(reader, tp -> logs == null ? Optional.empty() : logs.cleaner().flatMap(c -> c.dirtyRatio(tp)))
                .register(router);
        new GroupsApi(reader).register(router);
        new MessagesApi(clients, reader).register(router);
        PrometheusExporter exporter = new PrometheusExporter(broker.metrics(), reader,
                broker.components().config().nodeId(), logs);
        AtomicInteger threadIds = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "console-http-" + threadIds.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        ConsoleServer console = new ConsoleServer(server, executor, clients, throughput, router, exporter, host,
                config.scheme(), security);
        server.createContext("/", console::handle);
        server.start();
        LOG.debug("Console listening on {}", console.url());
        return console;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The console's base URL, e.g. {@code http://localhost:8080} or {@code https://localhost:8443}. */
    public String url() {
        return scheme + "://" + host + ":" + port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Reply reply;
        try {
            ConsoleUser user = security.authenticate(exchange);
            if (path.startsWith("/api/") && !path.equals("/api/openapi.yaml")) {
                reply = router.dispatch(exchange);
            } else if (path.equals("/metrics")) {
                if (user != null) {
                    user.require(AclOperation.DESCRIBE, ResourceType.CLUSTER, Resource.CLUSTER_NAME);
                }
                reply = Reply.text(200, "text/plain; version=0.0.4; charset=utf-8", exporter.scrape());
            } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                reply = problem(new ProblemException(405, "Method Not Allowed", "Static files are read-only"), path);
            } else {
                reply = StaticResources.load(path.equals("/api/openapi.yaml") ? "/openapi.yaml" : path);
                if (reply == null) {
                    reply = problem(ProblemException.notFound("No file at " + path), path);
                }
            }
        } catch (ProblemException e) {
            reply = problem(e, path);
        } catch (Exception e) {
            ProblemException mapped = KafkaProblems.from(e);
            if (mapped.status() >= 500) {
                LOG.warn("{} {} failed", exchange.getRequestMethod(), path, e);
            }
            reply = problem(mapped, path);
        }
        send(exchange, reply);
    }

    private static Reply problem(ProblemException e, String path) {
        Reply json = Reply.json(e.status(), e.toProblem(path));
        return new Reply(json.status(), "application/problem+json", json.body());
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        try (exchange) {
            if (reply.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            if (reply.status() == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", ConsoleSecurity.CHALLENGE);
            }
            boolean empty = reply.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(reply.status(), empty ? -1 : reply.body().length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        throughput.close();
        clients.close();
    }
}
