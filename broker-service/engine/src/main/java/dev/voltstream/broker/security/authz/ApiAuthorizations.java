package dev.voltstream.broker.security.authz;

import java.util.EnumMap;
import java.util.Map;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

/** The authorization of each API, by API key ({@link TopicAuthorizations}, {@link GroupAuthorizations}, ...). */
public final class ApiAuthorizations {
    private final Map<ApiKeys, ApiAuthorization<?>> rules = new EnumMap<>(ApiKeys.class);

    public <Q extends ApiMessage> ApiAuthorizations on(ApiKeys api, Class<Q> type, ApiAuthorization<Q> rule) {
        if (rules.put(api, rule) != null) {
            throw new IllegalArgumentException("Two authorizations for " + api);
        }
        return this;
    }

    /** Every API Kafka's table covers, with {@code topicNames} resolving topic ids. */
    public static ApiAuthorizations standard(TopicNames topicNames, boolean autoCreateTopics) {
        ApiAuthorizations all = new ApiAuthorizations();
        TopicAuthorizations.register(all, topicNames, autoCreateTopics);
        GroupAuthorizations.register(all);
        TransactionAuthorizations.register(all);
        AdminAuthorizations.register(all);
        return all;
    }

    @SuppressWarnings("unchecked")
    <Q extends ApiMessage> ApiAuthorization<Q> get(ApiKeys api) {
        return (ApiAuthorization<Q>) rules.get(api);
    }

    boolean covers(ApiKeys api) {
        return rules.containsKey(api);
    }
}
