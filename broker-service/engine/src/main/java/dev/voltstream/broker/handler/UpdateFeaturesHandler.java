package dev.voltstream.broker.handler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.UpdateFeaturesRequestData;
import org.apache.kafka.common.message.UpdateFeaturesRequestData.FeatureUpdateKey;
import org.apache.kafka.common.message.UpdateFeaturesResponseData;
import org.apache.kafka.common.message.UpdateFeaturesResponseData.UpdatableFeatureResult;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import dev.voltstream.broker.metadata.FinalizedFeatures;
import dev.voltstream.broker.protocol.RequestContext;

/**
 * UpdateFeatures ({@code kafka-features.sh upgrade|downgrade}, {@code Admin.updateFeatures}): finalizes feature levels
 * for the whole node or cluster, all of a request or none of it, as Kafka's controller does. A level above what this
 * broker supports, an unknown feature, an upgrade to a lower level or a downgrade to a higher one is
 * INVALID_UPDATE_VERSION; {@code validateOnly} checks without changing anything. v2 answers only the top-level error.
 */
public final class UpdateFeaturesHandler implements ApiHandler<UpdateFeaturesRequestData> {
    private final FinalizedFeatures features;

    public UpdateFeaturesHandler(FinalizedFeatures features) {
        this.features = features;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.UPDATE_FEATURES;
    }

    @Override
    public CompletionStage<UpdateFeaturesResponseData> handle(RequestContext context,
                                                              UpdateFeaturesRequestData request) {
        Errors error = Errors.NONE;
        String message = null;
        try {
            Map<String, Short> updates = validate(request, context.apiVersion());
            features.validate(updates);
            if (!request.validateOnly() && !updates.isEmpty()) {
                features.update(updates);
            }
        } catch (ApiException e) {
            error = Errors.forException(e);
            message = e.getMessage();
        }
        UpdateFeaturesResponseData response = new UpdateFeaturesResponseData().setErrorCode(error.code())
                .setErrorMessage(message);
        if (context.apiVersion() < 2) {
            for (FeatureUpdateKey update : request.featureUpdates()) {
                response.results().add(new UpdatableFeatureResult().setFeature(update.feature())
                        .setErrorCode(error.code()).setErrorMessage(message));
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    private Map<String, Short> validate(UpdateFeaturesRequestData request, short version) {
        FinalizedFeatures.Levels current = features.levels();
        Map<String, Short> updates = new LinkedHashMap<>();
        for (FeatureUpdateKey update : request.featureUpdates()) {
            String name = update.feature();
            short level = update.maxVersionLevel();
            FeatureUpdate.UpgradeType type = version == 0
                    ? update.allowDowngrade() ? FeatureUpdate.UpgradeType.SAFE_DOWNGRADE
                    : FeatureUpdate.UpgradeType.UPGRADE
                    : FeatureUpdate.UpgradeType.fromCode(update.upgradeType());
            if (type == FeatureUpdate.UpgradeType.UNKNOWN) {
                throw Errors.INVALID_REQUEST.exception("Unknown upgrade type " + update.upgradeType()
                        + " for feature " + name);
            }
            FinalizedFeatures.Range supported = features.supported().get(name);
            if (supported == null) {
                throw invalid(name, level, "The broker does not support the given feature.");
            }
            if (level < 0 || level > supported.max() || (level != 0 && level < supported.min())) {
                throw invalid(name, level, "The broker only supports versions " + supported.min() + "-"
                        + supported.max() + ".");
            }
            short finalized = current.level(name);
            if (type == FeatureUpdate.UpgradeType.UPGRADE && level < finalized) {
                throw invalid(name, level, "Can't downgrade to a lower version.");
            }
            if (type != FeatureUpdate.UpgradeType.UPGRADE && level > finalized) {
                throw invalid(name, level, "Can't downgrade to a newer version.");
            }
            if (level != finalized) {
                updates.put(name, level);
            }
        }
        return updates;
    }

    private static ApiException invalid(String feature, short level, String why) {
        return Errors.INVALID_UPDATE_VERSION.exception("Invalid update version " + level + " for feature " + feature
                + ". " + why);
    }
}
