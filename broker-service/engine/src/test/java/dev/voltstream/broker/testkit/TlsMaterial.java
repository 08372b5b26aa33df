package dev.voltstream.broker.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key material for TLS tests, made with the JDK's keytool in the test's own directory: a server key pair for
 * {@code localhost}/127.0.0.1 and a client key pair, each self-signed, in PKCS12 key stores; trust stores holding the
 * other side's certificate; the same in JKS; the server's key and certificate as PEM; and a stranger's key store
 * whose certificate nobody trusts.
 */
public final class TlsMaterial {
    public static final String PASSWORD = "test-secret";
    public static final String CLIENT_DN = "CN=payments-app,OU=Payments,O=Voltstream,C=IN";

    private final Path dir;

    private TlsMaterial(Path dir) {
        this.dir = dir;
    }

    public static TlsMaterial create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TlsMaterial m = new TlsMaterial(dir);
        m.keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", m.serverKeystore().toString(), "-storepass", PASSWORD);
        m.keytool("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", CLIENT_DN, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", m.clientKeystore().toString(), "-storepass", PASSWORD);
        m.keytool("-genkeypair", "-alias", "stranger", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=stranger", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", m.strangerKeystore().toString(), "-storepass", PASSWORD);
        m.keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", m.serverKeystore().toString(),
                "-storepass", PASSWORD, "-file", m.serverCertificate().toString());
        m.keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", m.clientKeystore().toString(),
                "-storepass", PASSWORD, "-file", dir.resolve("client.crt").toString());
        m.keytool("-importcert", "-noprompt", "-alias", "server", "-file", m.serverCertificate().toString(),
                "-storetype", "PKCS12", "-keystore", m.clientTruststore().toString(), "-storepass", PASSWORD);
        m.keytool("-importcert", "-noprompt", "-alias", "client", "-file", dir.resolve("client.crt").toString(),
                "-storetype", "PKCS12", "-keystore", m.serverTruststore().toString(), "-storepass", PASSWORD);
        m.keytool("-importkeystore", "-srckeystore", m.serverKeystore().toString(), "-srcstoretype", "PKCS12",
                "-srcstorepass", PASSWORD, "-destkeystore", m.serverJks().toString(), "-deststoretype", "JKS",
                "-deststorepass", PASSWORD, "-destkeypass", PASSWORD, "-noprompt");
        m.writePemKey();
        return m;
    }

    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    public Path serverJks() {
        return dir.resolve("server.jks");
    }

    public Path serverTruststore() {
        return dir.resolve("server-trust.p12");
    }

    public Path serverCertificate() {
        return dir.resolve("server.crt");
    }

    /** The server's private key, unencrypted PKCS#8 PEM. */
    public Path serverKeyPem() {
        return dir.resolve("server.key");
    }

    public Path clientKeystore() {
        return dir.resolve("client.p12");
    }

    /**
     * A Kafka client's settings for a SASL_SSL listener at {@code bootstrap} serving this material's server
     * certificate, logging in with SCRAM-SHA-512 as {@code user}.
     */
    public java.util.Map<String, Object> scramSha512Client(String bootstrap, String user, String password) {
        java.util.Map<String, Object> props = new java.util.HashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + user + "\" password=\"" + password + "\";");
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.location", clientTruststore().toString());
        props.put("ssl.truststore.password", PASSWORD);
        return props;
    }

    public Path clientTruststore() {
        return dir.resolve("client-trust.p12");
    }

    public Path strangerKeystore() {
        return dir.resolve("stranger.p12");
    }

    private void writePemKey() throws IOException {
        try (InputStream in = Files.newInputStream(serverKeystore())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            Key key = ks.getKey("server", PASSWORD.toCharArray());
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(serverKeyPem(), pem);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
