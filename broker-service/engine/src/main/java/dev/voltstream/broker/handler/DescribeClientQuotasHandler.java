package dev.voltstream.broker.handler;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.DescribeClientQuotasRequestData;
import org.apache.kafka.common.message.DescribeClientQuotasRequestData.ComponentData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.EntityData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.EntryData;
import org.apache.kafka.common.message.DescribeClientQuotasResponseData.ValueData;
import org.apache.kafka.common.protocol.ApiKeys;

import dev.voltstream.broker.protocol.RequestContext;
import dev.voltstream.broker.quota.ClientQuotas;
import dev.voltstream.broker.quota.QuotaEntity;

/**
 * DescribeClientQuotas: the quotas of the entities the filter matches (Kafka's match types: 0 exact name, 1 the
 * default, 2 any specified name; {@code strict}: no other entity types).
 */
public final class DescribeClientQuotasHandler implements ApiHandler<DescribeClientQuotasRequestData> {
    private static final byte EXACT = 0;
    private static final byte DEFAULT = 1;

    private final ClientQuotas quotas;

    public DescribeClientQuotasHandler(ClientQuotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLIENT_QUOTAS;
    }

    @Override
    public CompletionStage<DescribeClientQuotasResponseData> handle(RequestContext context,
                                                                    DescribeClientQuotasRequestData request) {
        DescribeClientQuotasResponseData response = new DescribeClientQuotasResponseData();
        quotas.all().forEach((entity, values) -> {
            if (matches(entity, request)) {
                EntryData entry = new EntryData();
                entity.parts().forEach((type, name) -> entry.entity().add(new EntityData().setEntityType(type)
                        .setEntityName(name)));
                values.forEach((key, value) -> entry.values().add(new ValueData().setKey(key).setValue(value)));
                response.entries().add(entry);
            }
        });
        return CompletableFuture.completedFuture(response);
    }

    private static boolean matches(QuotaEntity entity, DescribeClientQuotasRequestData request) {
        Map<String, String> parts = entity.parts();
        for (ComponentData component : request.components()) {
            if (!parts.containsKey(component.entityType())) {
                return false;
            }
            String name = parts.get(component.entityType());
            boolean ok = switch (component.matchType()) {
                case EXACT -> name != null && name.equals(component.match());
                case DEFAULT -> name == null;
                default -> name != null;
            };
            if (!ok) {
                return false;
            }
        }
        return !request.strict() || parts.size() == request.components().size();
    }
}
