package dev.voltstream.broker.handler;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.AlterClientQuotasRequestData;
import org.apache.kafka.common.message.AlterClientQuotasRequestData.EntryData;
import org.apache.kafka.common.message.AlterClientQuotasRequestData.OpData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData;
import org.apache.kafka.common.message.AlterClientQuotasResponseData.EntityData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.quota.ClientQuotas;
import dev.voltstream.broker.quota.QuotaEntity;

/**
 * AlterClientQuotas: sets and removes {@code producer_byte_rate}, {@code consumer_byte_rate} and
 * {@code request_percentage} of user and client-id entities (defaults with a null name); the valid entries are
 * applied together in one durable change, the invalid ones answered INVALID_REQUEST. validateOnly changes nothing.
 */
public final class AlterClientQuotasHandler implements ApiHandler<AlterClientQuotasRequestData> {
    private final ClientQuotas quotas;

    public AlterClientQuotasHandler(ClientQuotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CLIENT_QUOTAS;
    }

    @Override
    public CompletionStage<AlterClientQuotasResponseData> handle(RequestContext context,
                                                                 AlterClientQuotasRequestData request) {
        AlterClientQuotasResponseData response = new AlterClientQuotasResponseData();
        Map<QuotaEntity, Map<String, Double>> set = new HashMap<>();
        Map<QuotaEntity, Set<String>> removed = new HashMap<>();
        Map<QuotaEntity, AlterClientQuotasResponseData.EntryData> valid = new HashMap<>();
        for (EntryData entry : request.entries()) {
            AlterClientQuotasResponseData.EntryData result = new AlterClientQuotasResponseData.EntryData();
            Map<String, String> parts = new TreeMap<>();
            entry.entity().forEach(e -> {
                parts.put(e.entityType(), e.entityName());
                result.entity().add(new EntityData().setEntityType(e.entityType()).setEntityName(e.entityName()));
            });
            response.entries().add(result);
            try {
                if (parts.size() != entry.entity().size()) {
                    throw new InvalidRequestException("Duplicate entity type in a client quota entity");
                }
                QuotaEntity entity = new QuotaEntity(parts);
                Map<String, Double> toSet = new TreeMap<>();
                Set<String> toRemove = new HashSet<>();
                for (OpData op : entry.ops()) {
                    if (op.remove()) {
                        toRemove.add(op.key());
                    } else {
                        toSet.put(op.key(), op.value());
                    }
                }
                ClientQuotas.validate(entity, toSet, toRemove);
                if (valid.put(entity, result) != null) {
                    throw new InvalidRequestException("Entity " + parts + " appears more than once");
                }
                set.put(entity, toSet);
                removed.put(entity, toRemove);
            } catch (InvalidRequestException e) {
                result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(e.getMessage());
            }
        }
        if (!request.validateOnly() && !valid.isEmpty()) {
            try {
                quotas.alter(set, removed);
            } catch (RuntimeException e) {
                ApiError error = ApiError.fromThrowable(e);
                valid.values().forEach(r -> r.setErrorCode(error.error().code()).setErrorMessage(error.message()));
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}
