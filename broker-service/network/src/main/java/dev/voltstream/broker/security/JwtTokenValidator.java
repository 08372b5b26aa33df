package dev.voltstream.broker.security;

import java.util.List;
import java.util.Map;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.JwtValidator;
import org.apache.kafka.common.security.oauthbearer.JwtValidatorException;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerExtensionsValidatorCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallback;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates OAUTHBEARER tokens exactly as Kafka's {@code OAuthBearerValidatorCallbackHandler} (the handler a listener
 * names to check JWTs against a JWKS endpoint): the {@code sasl.oauthbearer.jwt.validator.class} validator (Kafka's
 * {@code DefaultJwtValidator}: signature, expiry, audience, issuer, subject and scope claims), every SASL extension
 * accepted. Used in its place because Kafka's logs a stack trace for every refused token; a hostile client could
 * fill the log with them. A refused token is one line here.
 */
final class JwtTokenValidator implements AuthenticateCallbackHandler {
    /** The handler class this one stands in for. */
    static final String KAFKA_HANDLER = "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler";
    private static final Logger LOG = LoggerFactory.getLogger(JwtTokenValidator.class);

    private final String listenerName;
    private JwtValidator validator;

    JwtTokenValidator(String listenerName) {
        this.listenerName = listenerName;
    }

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasEntries) {
        Object type = configs.get(SaslConfigs.SASL_OAUTHBEARER_JWT_VALIDATOR_CLASS);
        try {
            validator = type instanceof Class<?> c ? Utils.newInstance(c.asSubclass(JwtValidator.class))
                    : Utils.newInstance(type == null ? SaslConfigs.DEFAULT_SASL_OAUTHBEARER_JWT_VALIDATOR_CLASS
                            : type.toString(), JwtValidator.class);
        } catch (ClassNotFoundException | RuntimeException e) {
            throw new IllegalArgumentException("Invalid " + SaslConfigs.SASL_OAUTHBEARER_JWT_VALIDATOR_CLASS
                    + " on listener " + listenerName + ": " + e.getMessage(), e);
        }
        validator.configure(configs, saslMechanism, jaasEntries);
    }

    @Override
    public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof OAuthBearerValidatorCallback token) {
                try {
                    token.token(validator.validate(token.tokenValue()));
                } catch (JwtValidatorException e) {
                    LOG.info("OAUTHBEARER token refused on listener {}: {}", listenerName, e.getMessage());
                    token.error("invalid_token", null, null);
                }
            } else if (callback instanceof OAuthBearerExtensionsValidatorCallback extensions) {
                extensions.inputExtensions().map().keySet().forEach(extensions::valid);
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    @Override
    public void close() {
        Utils.closeQuietly(validator, "JWT validator");
    }
}
