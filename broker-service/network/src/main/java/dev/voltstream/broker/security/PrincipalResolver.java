package dev.voltstream.broker.security;

import java.util.Map;

import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.KafkaPrincipalBuilder;

import dev.voltstream.broker.config.BrokerConfig;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * The principal a request is authorised as: the one its connection authenticated as, or, for a connection that did
 * not authenticate (PLAINTEXT: {@link KafkaPrincipal#ANONYMOUS}), what the configured {@code principal.builder.class}
 * (a {@link KafkaPrincipalBuilder}, given a {@link ClientAuthenticationContext}) makes of it.
 */
public final class PrincipalResolver {
    public static final String CONFIG = "principal.builder.class";
    private static final String KAFKA_DEFAULT =
            "org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder";

    private final KafkaPrincipalBuilder builder;

    PrincipalResolver(KafkaPrincipalBuilder builder) {
        this.builder = builder;
    }

    public static PrincipalResolver from(BrokerConfig config) {
        String className = config.get(CONFIG).map(String::trim).orElse("");
        if (className.isEmpty() || className.equals(KAFKA_DEFAULT)) {
            return new PrincipalResolver(null);
        }
        try {
            Object builder = Class.forName(className).getDeclaredConstructor().newInstance();
            if (builder instanceof Configurable configurable) {
                configurable.configure(Map.copyOf(config.values()));
            }
            return new PrincipalResolver((KafkaPrincipalBuilder) builder);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException(CONFIG + "=" + className
                    + " is not a KafkaPrincipalBuilder with a public no-argument constructor", e);
        }
    }

    public KafkaPrincipal principal(RequestContext context) {
        KafkaPrincipal principal = context.principal() == null ? KafkaPrincipal.ANONYMOUS : context.principal();
        if (builder == null || !principal.equals(KafkaPrincipal.ANONYMOUS)) {
            return principal;
        }
        KafkaPrincipal built = builder.build(new ClientAuthenticationContext(context.clientAddress(),
                context.listenerName(), context.clientId()));
        return built == null ? KafkaPrincipal.ANONYMOUS : built;
    }
}
