package dev.voltstream.broker.console.security;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;

import dev.voltstream.broker.KafkaBroker;
import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.config.Listener;
import dev.voltstream.broker.console.http.ProblemException;
import dev.voltstream.broker.security.audit.AuditEntry;
import dev.voltstream.broker.security.audit.AuditLog;
import dev.voltstream.broker.security.authz.AclAuthorizer;
import dev.voltstream.broker.security.scram.ScramCredentialStore;

/**
 * Who may call the console. {@value #AUTHENTICATION} = {@code basic} (the default when the broker has an
 * authorizer or a SASL listener) asks every request for HTTP Basic credentials: a user with a SCRAM credential on the
 * broker and its password, or {@value #ADMIN_USER} / {@value #ADMIN_PASSWORD}. The caller is then {@code User:<name>}
 * and each call is checked by the broker's authorizer ({@link ConsoleUser}). {@code none} (the default otherwise)
 * leaves the console open, as before security existed. Every refused login is logged in one line and written to the
 * audit log; accepted ones too when the audit log writes grants.
 */
public final class ConsoleSecurity {
    public static final String AUTHENTICATION = "console.authentication";
    public static final String ADMIN_USER = "console.admin.user";
    public static final String ADMIN_PASSWORD = "console.admin.password";
    public static final String CHALLENGE = "Basic realm=\"Voltstream console\", charset=\"UTF-8\"";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurity.class);

    private final boolean basic;
    private final ScramCredentialStore scram;
    private final String adminUser;
    private final byte[] adminPassword;
    private final AclAuthorizer authorizer;
    private final AuditLog audit;
    private final VerifiedLogins verified = new VerifiedLogins();

    ConsoleSecurity(boolean basic, ScramCredentialStore scram, String adminUser, String adminPassword,
                    AclAuthorizer authorizer, AuditLog audit) {
        this.basic = basic;
        this.scram = scram;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword == null ? null : adminPassword.getBytes(StandardCharsets.UTF_8);
        this.authorizer = authorizer;
        this.audit = audit;
    }

    public static ConsoleSecurity from(BrokerConfig config, KafkaBroker broker) {
        AclAuthorizer authorizer = broker.authorizer().orElse(null);
        String mode = config.getString(AUTHENTICATION, authorizer != null || hasSaslListener(config, broker)
                ? "basic" : "none").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("basic") && !mode.equals("none")) {
            throw new IllegalArgumentException(AUTHENTICATION + " must be basic or none, not '" + mode + "'");
        }
        String adminUser = config.get(ADMIN_USER).map(String::trim).filter(u -> !u.isEmpty()).orElse(null);
        String adminPassword = config.get(ADMIN_PASSWORD).orElse(null);
        if (adminUser != null && (adminPassword == null || adminPassword.isEmpty())) {
            throw new IllegalArgumentException(ADMIN_USER + " is set but " + ADMIN_PASSWORD + " is not");
        }
        return new ConsoleSecurity(mode.equals("basic"), broker.security().scram(), adminUser, adminPassword,
                authorizer, broker.auditLog());
    }

    private static boolean hasSaslListener(BrokerConfig config, KafkaBroker broker) {
        for (Listener listener : config.listeners()) {
            SecurityProtocol protocol;
            try {
                protocol = broker.security().protocolOf(listener);
            } catch (IllegalArgumentException e) {
                continue; // a listener the broker does not serve (a controller's without a map entry)
            }
            if (protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL) {
                return true;
            }
        }
        return false;
    }

    /** Whether callers must log in. */
    public boolean required() {
        return basic;
    }

    /**
     * The caller of {@code exchange}, also attached to it for the routes ({@link ConsoleUser#of}); a 401 problem
     * (the server adds the {@code WWW-Authenticate} challenge) when credentials are required and missing or wrong.
     */
    public ConsoleUser authenticate(HttpExchange exchange) {
        if (!basic) {
            return null;
        }
        InetAddress host = exchange.getRemoteAddress().getAddress();
        String target = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            // A browser's first request, before it asks for a login: neither logged nor audited.
            throw unauthorized("This console needs a login: HTTP Basic with a SCRAM user of the broker");
        }
        String user;
        String password;
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("no colon");
            }
            user = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        } catch (IllegalArgumentException e) {
            refused("", host, target, "malformed Basic credentials");
            throw unauthorized("Malformed Basic credentials");
        }
        String reason = check(user, password);
        if (reason != null) {
            refused(user, host, target, reason);
            throw unauthorized("Invalid username or password");
        }
        KafkaPrincipal principal = new KafkaPrincipal(KafkaPrincipal.USER_TYPE, user);
        if (audit.writesGrants()) {
            audit.record(new AuditEntry(Instant.now(), "console", principal.toString(), host.getHostAddress(),
                    "AUTHENTICATE", "CONSOLE", target, true, null));
        }
        ConsoleUser caller = new ConsoleUser(principal, host, authorizer);
        exchange.setAttribute(ConsoleUser.ATTRIBUTE, caller);
        return caller;
    }

    /** Null when {@code password} is {@code user}'s, else why not. */
    private String check(String user, String password) {
        if (adminUser != null && adminUser.equals(user)) {
            return MessageDigest.isEqual(adminPassword, password.getBytes(StandardCharsets.UTF_8))
                    ? null : "wrong password";
        }
        var credentials = scram.credentials(user);
        if (credentials.isEmpty()) {
            return "unknown user";
        }
        return verified.matches(user, password, credentials) ? null : "wrong password";
    }

    private void refused(String user, InetAddress host, String target, String reason) {
        LOG.info("Console login refused: user '{}' from {} on {}: {}", user.replaceAll("\\p{Cntrl}", "?"),
                host.getHostAddress(), target, reason);
        audit.record(new AuditEntry(Instant.now(), "console", "User:" + user, host.getHostAddress(), "AUTHENTICATE",
                "CONSOLE", target, false, reason));
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail);
    }
}
