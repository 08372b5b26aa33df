package dev.voltstream.broker.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.voltstream.broker.testkit.TestBroker;

/**
 * SASL/OAUTHBEARER as Kafka's broker offers it, through the stock Java client. A local identity provider (an HTTP
 * server on 127.0.0.1) issues RS256 JWTs from its token endpoint and publishes its key set; the broker's
 * {@code SASL_PLAINTEXT} listener validates tokens with Kafka's {@code OAuthBearerValidatorCallbackHandler} against
 * that key set and the expected audience, the client fetches its token with Kafka's
 * {@code OAuthBearerLoginCallbackHandler} (client credentials). The token's subject is the principal the ACLs see.
 * Tokens signed by another key, for another audience or expired are refused with SASL_AUTHENTICATION_FAILED. A second
 * SASL listener ({@code DEV}) without a configured validator takes Kafka's unsecured (unsigned, development) tokens,
 * as Kafka's does.
 */
class OAuthBearerIT {
    private static final String ALLOWED_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";
    private static final String LOGIN_MODULE = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";
    private static final String AUDIENCE = "voltstream";

    @TempDir
    static Path dir;
    static RsaJsonWebKey signingKey;
    static RsaJsonWebKey strangerKey;
    static HttpServer idp;
    static String idpUrl;
    static TestBroker broker;
    /** What the token endpoint answers next: a token made per request. */
    static volatile Supplier<String> issue = () -> token(signingKey, "fraud-service", AUDIENCE, 300);

    @BeforeAll
    static void start() throws Exception {
        signingKey = RsaJwkGenerator.generateJwk(2048);
        signingKey.setKeyId("signing");
        strangerKey = RsaJwkGenerator.generateJwk(2048);
        strangerKey.setKeyId("signing"); // same key id, other key: only the signature tells them apart
        idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        idp.createContext("/jwks", exchange -> reply(exchange, new JsonWebKeySet(signingKey).toJson()));
        idp.createContext("/token", exchange -> reply(exchange, "{\"access_token\":\"" + issue.get()
                + "\",\"token_type\":\"Bearer\",\"expires_in\":300}"));
        idp.start();
        idpUrl = "http://127.0.0.1:" + idp.getAddress().getPort();
        // Kafka 4 refuses OAuth endpoints not listed here, on the broker and on the client
        System.setProperty(ALLOWED_URLS, idpUrl + "/jwks," + idpUrl + "/token");

        Map<String, String> config = new HashMap<>();
        config.put("listeners", "PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0,DEV://127.0.0.1:0");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,"
                + "DEV:SASL_PLAINTEXT");
        config.put("num.network.threads", "1");
        config.put("sasl.enabled.mechanisms", "OAUTHBEARER");
        config.put("sasl.oauthbearer.jwks.endpoint.url", idpUrl + "/jwks");
        config.put("sasl.oauthbearer.expected.audience", AUDIENCE);
        config.put("listener.name.sasl_plaintext.oauthbearer.sasl.server.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler");
        config.put("listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config", LOGIN_MODULE + " required ;");
        config.put("listener.name.dev.oauthbearer.sasl.jaas.config", LOGIN_MODULE + " required ;");
        config.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        config.put("allow.everyone.if.no.acl.found", "true");
        broker = TestBroker.start(dir.resolve("logs"), config);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
        if (idp != null) {
            idp.stop(0);
        }
        System.clearProperty(ALLOWED_URLS);
    }

    @Test
    void aTokenFromTheIdentityProviderLogsInAndItsSubjectIsThePrincipalTheAclsSee() throws Exception {
        issue = () -> token(signingKey, "fraud-service", AUDIENCE, 300);
        try (Admin plaintext = broker.admin()) {
            plaintext.createTopics(List.of(new NewTopic("oauth-verdicts", 1, (short) 1),
                    new NewTopic("oauth-payments", 1, (short) 1))).all().get(15, TimeUnit.SECONDS);
            ResourcePattern payments = new ResourcePattern(ResourceType.TOPIC, "oauth-payments", PatternType.LITERAL);
            plaintext.createAcls(List.of(new AclBinding(payments, new AccessControlEntry("User:fraud-service", "*",
                    AclOperation.WRITE, AclPermissionType.DENY)))).all().get(15, TimeUnit.SECONDS);
        }
        Map<String, Object> client = oauthClient();
        try (KafkaProducer<String, String> producer = broker.producer(client)) {
            producer.send(new ProducerRecord<>("oauth-verdicts", "k", "ok")).get(15, TimeUnit.SECONDS);
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("oauth-payments", "k", "forged"))
                    .get(15, TimeUnit.SECONDS)).cause().isInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(SaslListenersIT.consumeWith(broker, client, "oauth-verdicts", 1)).containsExactly("ok");
    }

    @Test
    void tokensSignedByAnotherKeyForAnotherAudienceOrExpiredAreRefused() {
        for (Supplier<String> bad : List.<Supplier<String>>of(
                () -> token(strangerKey, "fraud-service", AUDIENCE, 300),
                () -> token(signingKey, "fraud-service", "someone-else", 300),
                () -> token(signingKey, "fraud-service", AUDIENCE, -120))) {
            issue = bad;
            try (Admin admin = SaslListenersIT.admin(oauthClient())) {
                assertThatThrownBy(() -> admin.listTopics().names().get(15, TimeUnit.SECONDS))
                        .cause().isInstanceOf(SaslAuthenticationException.class);
            }
        }
        issue = () -> token(signingKey, "fraud-service", AUDIENCE, 300);
    }

    @Test
    void withoutAValidatorTheListenerTakesKafkasUnsecuredTokens() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.broker().bootstrapServers("DEV"));
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER");
        props.put(SaslConfigs.SASL_JAAS_CONFIG, LOGIN_MODULE + " required unsecuredLoginStringClaim_sub=\"dev\";");
        try (Admin admin = SaslListenersIT.admin(props)) {
            assertThat(admin.listTopics().names().get(15, TimeUnit.SECONDS)).isNotNull();
        }
        try (Admin signedOnly = SaslListenersIT.admin(withBootstrap(props, "SASL_PLAINTEXT"))) {
            assertThatThrownBy(() -> signedOnly.listTopics().names().get(15, TimeUnit.SECONDS))
                    .as("the listener with Kafka's JWT validator refuses an unsigned token")
                    .cause().isInstanceOf(SaslAuthenticationException.class);
        }
    }

    /** A client of the validating listener that fetches its token from the identity provider. */
    private static Map<String, Object> oauthClient() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, "OAUTHBEARER");
        props.put(SaslConfigs.SASL_LOGIN_CALLBACK_HANDLER_CLASS,
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
        props.put(SaslConfigs.SASL_OAUTHBEARER_TOKEN_ENDPOINT_URL, idpUrl + "/token");
        props.put(SaslConfigs.SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_ID, "fraud-service");
        props.put(SaslConfigs.SASL_OAUTHBEARER_CLIENT_CREDENTIALS_CLIENT_SECRET, "fraud-secret");
        props.put(SaslConfigs.SASL_JAAS_CONFIG, LOGIN_MODULE + " required ;");
        return withBootstrap(props, "SASL_PLAINTEXT");
    }

    private static Map<String, Object> withBootstrap(Map<String, Object> props, String listener) {
        Map<String, Object> copy = new HashMap<>(props);
        copy.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.broker().bootstrapServers(listener));
        return copy;
    }

    /** An RS256 JWT for {@code subject}, valid for {@code lifetimeSeconds} from now (negative: expired). */
    static String token(RsaJsonWebKey key, String subject, String audience, int lifetimeSeconds) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(subject);
        claims.setAudience(audience);
        claims.setIssuer(idpUrl);
        NumericDate now = NumericDate.now();
        claims.setIssuedAt(lifetimeSeconds < 0 ? NumericDate.fromSeconds(now.getValue() + 2L * lifetimeSeconds)
                : now);
        claims.setExpirationTime(NumericDate.fromSeconds(now.getValue() + lifetimeSeconds));
        claims.setClaim("scope", "kafka");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
