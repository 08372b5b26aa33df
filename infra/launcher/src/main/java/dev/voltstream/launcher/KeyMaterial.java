package dev.voltstream.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The secure demo's TLS key material, made with the JDK's keytool on first run and reused later: a self-signed EC
 * key pair for {@code localhost} / 127.0.0.1 ({@code broker.p12}, the broker's key store, also the console's HTTPS),
 * and a trust store holding its certificate ({@code trust.p12}) for the clients. Both PKCS12, one password.
 */
final class KeyMaterial {
    static final String ALIAS = "voltstream-demo";

    private final Path dir;

    KeyMaterial(Path dir) {
        this.dir = dir;
    }

    Path keyStore() {
        return dir.resolve("broker.p12");
    }

    Path trustStore() {
        return dir.resolve("trust.p12");
    }

    Path certificate() {
        return dir.resolve("broker.crt");
    }

    /** Makes the stores unless both exist; returns whether it made them. */
    boolean createIfMissing(String password) throws IOException, InterruptedException {
        if (Files.isRegularFile(keyStore()) && Files.isRegularFile(trustStore())) {
            return false;
        }
        Files.createDirectories(dir);
        for (Path p : List.of(keyStore(), trustStore(), certificate())) {
            Files.deleteIfExists(p);
        }
        keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost,O=Voltstream demo", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "825", "-storetype", "PKCS12", "-keystore", keyStore().toString(),
                "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", ALIAS, "-keystore", keyStore().toString(), "-storepass", password,
                "-file", certificate().toString());
        keytool("-importcert", "-noprompt", "-alias", ALIAS, "-file", certificate().toString(), "-storetype",
                "PKCS12", "-keystore", trustStore().toString(), "-storepass", password);
        return true;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new LauncherException("keytool " + args[0] + " failed (exit " + p.exitValue() + "): " + out.trim());
        }
    }
}
