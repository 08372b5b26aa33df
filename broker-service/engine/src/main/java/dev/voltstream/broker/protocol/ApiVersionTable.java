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
                    .setMinVersion(api.oldestVersion())
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
