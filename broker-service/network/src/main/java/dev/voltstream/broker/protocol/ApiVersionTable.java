package dev.voltstream.broker.protocol;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The APIs this broker answers, each with every version the pinned kafka-clients knows. Built from the registered
 * handlers, so ApiVersions never advertises an API without a handler.
 *
 * <p>One deliberate inconsistency, copied from Apache Kafka 4 (KAFKA-18659): ApiVersions advertises Produce from v0
 * although v0-2 are not served ({@link #supports} refuses them, closing the connection as Kafka does). librdkafka
 * releases older than its fix for this (librdkafka issue 4956, 2025) turn compression on only when the broker lists
 * Produce v0, and otherwise silently send uncompressed batches; clients pick the highest version both sides know,
 * so no client that could use v3+ sends v0-2 because of it.
 */
public final class ApiVersionTable {
    private final Set<ApiKeys> apis;

    public ApiVersionTable(Collection<ApiKeys> apis) {
        this.apis = apis.isEmpty() ? EnumSet.noneOf(ApiKeys.class) : EnumSet.copyOf(apis);
    }

    public boolean supports(ApiKeys api, short version) {
        return apis.contains(api) && version >= api.oldestVersion() && version <= api.latestVersion();
    }

    public boolean supportsApi(ApiKeys api) {
        return apis.contains(api);
    }

    public ApiVersionCollection versions() {
        ApiVersionCollection collection = new ApiVersionCollection();
        for (ApiKeys api : apis) {
            collection.add(new ApiVersion()
                    .setApiKey(api.id)
                    .setMinVersion(api == ApiKeys.PRODUCE ? ApiKeys.PRODUCE_API_VERSIONS_RESPONSE_MIN_VERSION
                            : api.oldestVersion())
                    .setMaxVersion(api.latestVersion()));
        }
        return collection;
    }

    /** The answer to a request whose ApiVersions version is above ours: our ranges, to be encoded as v0. */
    public ApiVersionsResponseData unsupportedVersionResponse() {
        return new ApiVersionsResponseData()
                .setErrorCode(org.apache.kafka.common.protocol.Errors.UNSUPPORTED_VERSION.code())
                .setApiKeys(versions());
    }
}
