package dev.voltstream.broker.security.scram;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.security.scram.internals.ScramFormatter;
import org.apache.kafka.common.security.scram.internals.ScramMechanism;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first credentials, before any client can log in to create them: {@value #CONFIG} lists entries in the syntax of
 * Kafka's {@code kafka-storage format --add-scram}, separated by {@code ;}:
 * {@code SCRAM-SHA-512=[name=admin,password=admin-secret];SCRAM-SHA-256=[name=alice,password=x,iterations=8192]}.
 * Each is stored on start when that user has no credential of that mechanism yet, so a password changed later with
 * {@code kafka-configs.sh} is never put back.
 */
public final class ScramBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(ScramBootstrap.class);
    public static final String CONFIG = "voltstream.scram.bootstrap";
    private static final Pattern ENTRY = Pattern.compile("\\s*([A-Za-z0-9-]+)\\s*=\\s*\\[(.*)]\\s*");
    private static final int DEFAULT_ITERATIONS = 4096;

    private ScramBootstrap() {
    }

    /** Parses {@code spec}: the credentials it names, in order. */
    public static List<ScramCredentialStore.Change> parse(String spec) {
        List<ScramCredentialStore.Change> changes = new ArrayList<>();
        for (String entry : spec.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalArgumentException("Invalid " + CONFIG + " entry '" + entry.trim()
                        + "': expected SCRAM-SHA-256=[name=<user>,password=<password>]");
            }
            ScramMechanism mechanism = ScramMechanism.forMechanismName(m.group(1).trim());
            if (mechanism == null) {
                throw new IllegalArgumentException("Invalid " + CONFIG + " entry '" + entry.trim()
                        + "': unknown mechanism " + m.group(1) + " (SCRAM-SHA-256 or SCRAM-SHA-512)");
            }
            Map<String, String> fields = new HashMap<>();
            for (String field : fields(m.group(2))) {
                int eq = field.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("Invalid " + CONFIG + " field '" + field + "' in '"
                            + entry.trim() + "'");
                }
                fields.put(field.substring(0, eq).trim(), unquote(field.substring(eq + 1).trim()));
            }
            String name = fields.get("name");
            String password = fields.get("password");
            if (name == null || name.isEmpty() || password == null) {
                throw new IllegalArgumentException("Invalid " + CONFIG + " entry for " + mechanism.mechanismName()
                        + ": name and password are required");
            }
            int iterations = fields.containsKey("iterations") ? Integer.parseInt(fields.get("iterations"))
                    : DEFAULT_ITERATIONS;
            if (iterations < mechanism.minIterations() || iterations > ScramCredentialAlteration.MAX_ITERATIONS) {
                throw new IllegalArgumentException("Invalid " + CONFIG + " iterations " + iterations + " for "
                        + name + ": between " + mechanism.minIterations() + " and "
                        + ScramCredentialAlteration.MAX_ITERATIONS);
            }
            changes.add(new ScramCredentialStore.Change(name, mechanism, credential(mechanism, password,
                    iterations)));
        }
        return changes;
    }

    /**
     * Stores the credentials of {@code spec} that {@code store} does not have yet (in cluster mode: that the cluster
     * does not have when it applies them).
     */
    public static void apply(String spec, ScramCredentialStore store) throws IOException {
        List<ScramCredentialStore.Change> changes = parse(spec);
        for (ScramCredentialStore.Change change : changes) {
            if (!store.credentials(change.user()).containsKey(change.mechanism())) {
                LOG.info("Creating the {} credential of user {} from {}", change.mechanism().mechanismName(),
                        change.user(), CONFIG);
            }
        }
        store.applyIfAbsent(changes);
    }

    private static ScramCredential credential(ScramMechanism mechanism, String password, int iterations) {
        try {
            return new ScramFormatter(mechanism).generateCredential(password, iterations);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("No hash algorithm for " + mechanism.mechanismName(), e);
        }
    }

    /** The comma-separated fields of one entry; a comma inside double quotes belongs to its value. */
    private static List<String> fields(String body) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : body.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
